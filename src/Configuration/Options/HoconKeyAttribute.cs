namespace ActorRpc.Configuration.Options;

/// <summary>
/// The configuration key an options property is bound from: a path below the options' <see cref="HoconSectionAttribute"/>,
/// in HOCON's dotted form (<c>max-body-size</c>, <c>bots.directory</c>). The one place a key is named in code.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class HoconKeyAttribute(string path) : Attribute
{
    /// <summary>The key below the section.</summary>
    public string Path { get; } = path;

    /// <summary>The value is a size in bytes (<c>64 MiB</c>), not a plain number.</summary>
    public bool Size { get; init; }
}

/// <summary>The section an options class is bound from, in HOCON's dotted form (<c>actorrpc.ipc</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class HoconSectionAttribute(string path) : Attribute
{
    /// <summary>The section.</summary>
    public string Path { get; } = path;
}
