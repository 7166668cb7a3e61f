using Microsoft.Extensions.Configuration;

namespace ActorRpc.Configuration;

/// <summary>Adds HOCON sources to an <see cref="IConfigurationBuilder"/>.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file; later sources override earlier ones key by key.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">The file; relative to the current directory.</param>
    /// <param name="optional">When true a missing file is ignored.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional });
    }

    /// <summary>Adds HOCON text; later sources override earlier ones key by key.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="text">The HOCON text.</param>
    /// <param name="sourceName">The name of the text in error messages.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, string sourceName = "inline")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        return builder.Add(new HoconConfigurationSource { Text = text, SourceName = sourceName });
    }

    /// <summary>Adds a HOCON source configured by <paramref name="configure"/>.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="configure">Sets the path or text and the options of the source.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHocon(this IConfigurationBuilder builder, Action<HoconConfigurationSource> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var source = new HoconConfigurationSource();
        configure(source);
        return builder.Add(source);
    }
}
