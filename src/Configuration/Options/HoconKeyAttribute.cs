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
