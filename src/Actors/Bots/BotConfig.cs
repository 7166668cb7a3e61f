using System.Text.Json;

namespace ActorRpc.Actors.Bots;

/// <summary>
/// A bot's configuration file, ASF style: a JSON object whose <c>Enabled</c> says whether the bot starts
/// with the node; every other property is a setting plugins read.
/// </summary>
public sealed record BotConfig(bool Enabled, JsonElement Settings)
{
    /// <summary>The configuration of a new bot with nothing set: <c>{"Enabled": false}</c>.</summary>
    public static BotConfig Default { get; } = Parse("""{"Enabled":false}""");

    /// <summary>Parses a configuration file's text.</summary>
    /// <exception cref="BotConfigException">The text is not a JSON object, or <c>Enabled</c> is not a boolean.</exception>
    public static BotConfig Parse(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new BotConfigException($"not valid JSON ({ex.Message})");
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BotConfigException($"expected a JSON object but found {root.ValueKind}");
        }
        var enabled = false;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("Enabled"))
            {
                enabled = property.Value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new BotConfigException($"'Enabled' must be true or false, not {property.Value.ValueKind}"),
                };
            }
        }
        return new BotConfig(enabled, root);
    }

    /// <summary>The file's text, indented.</summary>
    public string ToJson() => JsonSerializer.Serialize(Settings, s_indented);

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <inheritdoc />
    public bool Equals(BotConfig? other) => other is not null && Enabled == other.Enabled && ToJson() == other.ToJson();

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Enabled, ToJson());
}

/// <summary>A bot configuration that cannot be used; the message says what is wrong.</summary>
public sealed class BotConfigException(string message) : Exception(message);
