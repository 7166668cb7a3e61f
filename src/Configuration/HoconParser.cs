using ActorRpc.Configuration.Parsing;
using ActorRpc.Configuration.Resolution;

namespace ActorRpc.Configuration;

/// <summary>Parses HOCON text or files into resolved <see cref="HoconDocument"/>s.</summary>
public static class HoconParser
{
    /// <summary>Parses HOCON text.</summary>
    /// <param name="text">The HOCON text.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <param name="baseDirectory">The directory relative includes are read from; the current directory when null.</param>
    /// <returns>The resolved document.</returns>
    /// <exception cref="HoconParseException">The text is not valid HOCON, an include failed or a substitution could not be resolved.</exception>
    public static HoconDocument Parse(string text, string sourceName = "inline", string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var source = new HoconSourceContext(sourceName, FullPath: null, Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory()), IncludedBy: null);
        return Resolve(text, source);
    }

    /// <summary>Parses a HOCON file; relative includes are read from the file's directory.</summary>
    /// <param name="path">The file; it is named as given in error messages.</param>
    /// <returns>The resolved document.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="HoconParseException">The file is not valid HOCON, an include failed or a substitution could not be resolved.</exception>
    public static HoconDocument ParseFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var text = File.ReadAllText(fullPath);
        var source = new HoconSourceContext(path, fullPath, Path.GetDirectoryName(fullPath)!, IncludedBy: null);
        return Resolve(text, source);
    }

    private static HoconDocument Resolve(string text, HoconSourceContext source)
    {
        var syntax = HoconSyntaxParser.Parse(text, source, []);
        var root = HoconResolver.Resolve(syntax, Environment.GetEnvironmentVariable);
        return new HoconDocument(root, source.DisplayName);
    }
}
