using Microsoft.Extensions.Configuration;

namespace ActorRpc.Configuration;

/// <summary>Loads a <see cref="HoconConfigurationSource"/> into configuration keys (<c>a.b.c</c> becomes <c>a:b:c</c>).</summary>
public sealed class HoconConfigurationProvider : ConfigurationProvider
{
    /// <summary>Creates the provider for <paramref name="source"/>.</summary>
    /// <param name="source">The file or text to load.</param>
    public HoconConfigurationProvider(HoconConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
    }

    /// <summary>The source this provider loads.</summary>
    public HoconConfigurationSource Source { get; }

    /// <summary>Parses the source and replaces the data.</summary>
    /// <exception cref="HoconParseException">The HOCON is invalid or a substitution cannot be resolved.</exception>
    /// <exception cref="FileNotFoundException">The file is missing and not optional.</exception>
    public override void Load()
    {
        Data = Read()?.ToConfigurationData() ?? new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{GetType().Name} for '{(Source.Text is null ? Source.Path : Source.SourceName)}' ({(Source.Optional ? "Optional" : "Required")})";

    private HoconDocument? Read()
    {
        if (Source.Text is not null)
        {
            return HoconParser.Parse(Source.Text, Source.SourceName, Source.BaseDirectory);
        }

        if (string.IsNullOrEmpty(Source.Path))
        {
            throw new InvalidOperationException("A HOCON configuration source needs a Path or a Text.");
        }

        if (!File.Exists(Source.Path))
        {
            return Source.Optional
                ? null
                : throw new FileNotFoundException($"The configuration file '{Source.Path}' was not found and is not optional.", Path.GetFullPath(Source.Path));
        }

        return HoconParser.ParseFile(Source.Path);
    }
}
