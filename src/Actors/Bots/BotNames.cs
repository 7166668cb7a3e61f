namespace ActorRpc.Actors.Bots;

/// <summary>Which bot names are allowed: ASF's rules (no leading dot, not <c>ASF</c>, no path separators) plus a length bound.</summary>
public static class BotNames
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>Why <paramref name="name"/> is not a valid bot name, or null when it is.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A bot name must not be empty.";
        }
        if (name.Length > MaxLength)
        {
            return $"A bot name must not be longer than {MaxLength} characters.";
        }
        if (name.StartsWith('.'))
        {
            return $"Bot name '{name}' must not start with '.'.";
        }
        if (name.Equals("ASF", StringComparison.OrdinalIgnoreCase) || name.Equals("@ALL", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{name}' is reserved and cannot name a bot.";
        }
        if (name.IndexOfAny(['/', '\\', ',', ':', '*', '?', '"', '<', '>', '|', '\0']) >= 0 || name.Contains("..", StringComparison.Ordinal) ||
            name.Any(char.IsWhiteSpace) || name.Any(char.IsControl) || name.StartsWith("r!", StringComparison.OrdinalIgnoreCase))
        {
            return $"Bot name '{name}' contains characters that are not allowed (path separators, commas, wildcards, whitespace, '..').";
        }
        return null;
    }

    /// <summary>True when <paramref name="name"/> is a valid bot name.</summary>
    public static bool IsValid(string? name) => Validate(name) is null;
}
