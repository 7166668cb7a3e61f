using Microsoft.Extensions.Configuration;

namespace ActorRpc.Configuration;

/// <summary>A HOCON file, or HOCON text, as a configuration source.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>The HOCON file; relative paths are resolved against the current directory when loading.</summary>
    public string? Path { get; set; }

    /// <summary>When true a missing <see cref="Path"/> yields an empty configuration instead of an error.</summary>
    public bool Optional { get; set; }

    /// <summary>HOCON text to read instead of <see cref="Path"/> (for tests and embedded defaults).</summary>
    public string? Text { get; set; }

    /// <summary>The name of <see cref="Text"/> in error messages.</summary>
    public string SourceName { get; set; } = "inline";

    /// <summary>The directory relative includes in <see cref="Text"/> are read from; the current directory when null.</summary>
    public string? BaseDirectory { get; set; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
