using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ActorRpc.Configuration;

/// <summary>An immutable object of resolved values; fields keep the order in which they were first defined.</summary>
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    /// <summary>Creates an object holding <paramref name="fields"/>; a repeated key keeps its last value.</summary>
    /// <param name="fields">The fields in order.</param>
    public HoconObject(IEnumerable<KeyValuePair<string, HoconValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            _fields[key] = value;
        }
    }

    /// <summary>The empty object.</summary>
    public static HoconObject Empty { get; } = new([]);

    /// <inheritdoc />
    public override HoconValueKind Kind => HoconValueKind.Object;

    /// <inheritdoc />
    public int Count => _fields.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _fields.Keys;

    /// <inheritdoc />
    public IEnumerable<HoconValue> Values => _fields.Values;

    /// <inheritdoc />
    public HoconValue this[string key] => _fields[key];

    /// <summary>
    /// Merges <paramref name="overriding"/> over this object: its fields win, except that fields which are objects on
    /// both sides are merged recursively.
    /// </summary>
    /// <param name="overriding">The object whose fields take precedence.</param>
    /// <returns>The merged object.</returns>
    public HoconObject MergeWith(HoconObject overriding)
    {
        ArgumentNullException.ThrowIfNull(overriding);
        if (overriding.Count == 0)
        {
            return this;
        }

        if (Count == 0)
        {
            return overriding;
        }

        var merged = new OrderedDictionary<string, HoconValue>(_fields, StringComparer.Ordinal);
        foreach (var (key, value) in overriding._fields)
        {
            merged[key] = merged.TryGetValue(key, out var older) && older is HoconObject olderObject && value is HoconObject newerObject
                ? olderObject.MergeWith(newerObject)
                : value;
        }

        return new HoconObject(merged);
    }

    /// <summary>Looks up a value by its dotted path expression, e.g. <c>actorrpc.ipc.port</c> or <c>a."b.c"</c>.</summary>
    /// <param name="path">The path expression.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when every element of the path exists.</returns>
    /// <exception cref="HoconParseException">The path expression is malformed.</exception>
    public bool TryGetPath(string path, [NotNullWhen(true)] out HoconValue? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TryGetPath(Parsing.HoconPathExpression.Parse(path), out value);
    }

    /// <summary>Looks up a value by its path elements.</summary>
    /// <param name="path">The keys from this object down to the value.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when every element of the path exists.</returns>
    public bool TryGetPath(IReadOnlyList<string> path, [NotNullWhen(true)] out HoconValue? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        HoconValue current = this;
        foreach (var key in path)
        {
            if (current is not HoconObject currentObject || !currentObject.TryGetValue(key, out var next))
            {
                value = null;
                return false;
            }

            current = next;
        }

        value = current;
        return true;
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) => _fields.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator() => _fields.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Renders the object as JSON.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() =>
        "{" + string.Join(",", _fields.Select(field => HoconScalar.String(field.Key) + ":" + field.Value)) + "}";
}
