using System.Collections.Concurrent;
using System.Text.Json;
using ActorRpc.Gateways.Http.Errors;

namespace ActorRpc.Gateways.Http;

/// <summary>
/// ASF's <c>/Api/Storage</c>: JSON values under short keys, kept in the node's memory (ASF-ui keeps its theme there).
/// Bounded, so a client cannot fill the node: at most <see cref="MaxKeys"/> keys of <see cref="MaxKeyLength"/> characters,
/// each value at most <see cref="MaxValueBytes"/>. Gone when the node stops.
/// </summary>
internal sealed class IpcStorage
{
    public const int MaxKeys = 64;

    public const int MaxKeyLength = 128;

    public const int MaxValueBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, JsonElement> _values = new(StringComparer.Ordinal);

    private readonly Lock _writing = new();

    public JsonElement? Get(string key) => _values.TryGetValue(Check(key), out var value) ? value : null;

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/>; a JSON null forgets the key, as in ASF.</summary>
    public void Set(string key, JsonElement value)
    {
        Check(key);
        if (value.ValueKind == JsonValueKind.Null)
        {
            _values.TryRemove(key, out _);
            return;
        }
        lock (_writing)
        {
            if (!_values.ContainsKey(key) && _values.Count >= MaxKeys)
            {
                throw new ApiException(ApiError.BadRequest, $"The storage holds {MaxKeys} keys already: delete one first.");
            }
            _values[key] = value.Clone();
        }
    }

    /// <summary>Forgets <paramref name="key"/>; true as in ASF, whether it was there or not.</summary>
    public bool Remove(string key)
    {
        _values.TryRemove(Check(key), out _);
        return true;
    }

    private static string Check(string key) =>
        key.Length is 0 or > MaxKeyLength
            ? throw new ApiException(ApiError.BadRequest, $"A storage key has 1 to {MaxKeyLength} characters.")
            : key;
}
