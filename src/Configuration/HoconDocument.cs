using System.Diagnostics.CodeAnalysis;
using ActorRpc.Configuration.Resolution;

namespace ActorRpc.Configuration;

/// <summary>A parsed and fully resolved HOCON document: includes merged, substitutions replaced.</summary>
public sealed class HoconDocument
{
    /// <summary>Wraps a resolved root object.</summary>
    /// <param name="root">The root object.</param>
    /// <param name="sourceName">The file or text name the document came from.</param>
    public HoconDocument(HoconObject root, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(sourceName);
        Root = root;
        SourceName = sourceName;
    }

    /// <summary>The root object.</summary>
    public HoconObject Root { get; }

    /// <summary>The file or text name the document came from.</summary>
    public string SourceName { get; }

    /// <summary>Looks up a value by path expression, e.g. <c>actorrpc.ipc.port</c>.</summary>
    /// <param name="path">The path expression; quote elements that contain dots.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when the path exists.</returns>
    public bool TryGetValue(string path, [NotNullWhen(true)] out HoconValue? value) => Root.TryGetPath(path, out value);

    /// <summary>Returns the text of the string, number or boolean at <paramref name="path"/>, or null for <c>null</c>.</summary>
    /// <param name="path">The path expression.</param>
    /// <returns>The text as written (numbers unchanged).</returns>
    /// <exception cref="KeyNotFoundException">The path does not exist.</exception>
    /// <exception cref="InvalidOperationException">The value is an object or an array.</exception>
    public string? GetString(string path) => GetScalar(path).Text;

    /// <summary>Reads a duration such as <c>100ms</c> or <c>5 s</c>; see <see cref="HoconValues.ParseDuration"/>.</summary>
    /// <param name="path">The path expression.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="KeyNotFoundException">The path does not exist.</exception>
    /// <exception cref="FormatException">The value is not a duration.</exception>
    public TimeSpan GetDuration(string path) =>
        HoconValues.ParseDuration(GetString(path) ?? throw new FormatException($"'{path}' is null, not a duration"));

    /// <summary>Reads a size in bytes such as <c>64 MiB</c>; see <see cref="HoconValues.ParseSize"/>.</summary>
    /// <param name="path">The path expression.</param>
    /// <returns>The number of bytes.</returns>
    /// <exception cref="KeyNotFoundException">The path does not exist.</exception>
    /// <exception cref="FormatException">The value is not a size.</exception>
    public long GetSize(string path) =>
        HoconValues.ParseSize(GetString(path) ?? throw new FormatException($"'{path}' is null, not a size in bytes"));

    /// <summary>
    /// Flattens the document to configuration keys: <c>a.b.c</c> becomes <c>a:b:c</c>, array elements
    /// <c>key:0</c>, <c>key:1</c>…, null stays null, numbers and booleans keep their text.
    /// </summary>
    /// <returns>The keys and values, compared case-insensitively.</returns>
    public IDictionary<string, string?> ToConfigurationData() => HoconFlattener.Flatten(Root);

    private HoconScalar GetScalar(string path)
    {
        if (!TryGetValue(path, out var value))
        {
            throw new KeyNotFoundException($"'{path}' is not defined in {SourceName}");
        }

        return value as HoconScalar
            ?? throw new InvalidOperationException($"'{path}' in {SourceName} is an {value.Kind.ToString().ToLowerInvariant()}, not a single value");
    }
}
