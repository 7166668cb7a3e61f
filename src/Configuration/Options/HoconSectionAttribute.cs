namespace ActorRpc.Configuration.Options;

/// <summary>The section an options class is bound from, in HOCON's dotted form (<c>actorrpc.ipc</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class HoconSectionAttribute(string path) : Attribute
{
    /// <summary>The section.</summary>
    public string Path { get; } = path;
}
