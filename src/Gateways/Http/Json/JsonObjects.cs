using System.Text.Json;
using ActorRpc.Gateways.Http.Errors;

namespace ActorRpc.Gateways.Http.Json;

/// <summary>Reads properties of request objects by name, case-insensitively, with messages that name the property and the type expected.</summary>
internal static class JsonObjects
{
    /// <summary>The property named <paramref name="name"/> in any case; 400 when two spellings are both present.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        var found = false;
        foreach (var property in obj.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                if (found)
                {
                    throw new ApiException(ApiError.BadRequest, $"Property '{name}' appears more than once (names are case-insensitive).");
                }
                value = property.Value;
                found = true;
            }
        }
        return found;
    }

    /// <summary>A string property; null when absent or null.</summary>
    public static string? GetString(JsonElement obj, string name) =>
        !TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw WrongType(name, "a string", value);

    /// <summary>A boolean property; null when absent or null.</summary>
    public static bool? GetBoolean(JsonElement obj, string name) =>
        !TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "true or false", value),
        };

    /// <summary>A non-negative whole-number property; null when absent or null.</summary>
    public static uint? GetUInt32(JsonElement obj, string name) =>
        !TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var number) ? number
        : throw WrongType(name, $"a whole number from 0 to {uint.MaxValue}", value);

    /// <summary>A 400 saying that <paramref name="name"/> should have been <paramref name="expected"/>.</summary>
    public static ApiException WrongType(string name, string expected, JsonElement value) =>
        new(ApiError.BadRequest, $"Property '{name}' must be {expected}, not {(value.ValueKind is JsonValueKind.Number ? $"{value.GetRawText()}" : JsonBody.Describe(value.ValueKind))}.");
}
