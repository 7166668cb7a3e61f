using System.Buffers;
using System.Globalization;
using System.Text;

namespace ActorRpc.Actors.Bots;

/// <summary>
/// Which bot names are allowed: ASF's rules (no leading dot, not <c>ASF</c>, no path separators) plus a length bound,
/// and no hidden characters (control, format, unassigned, unpaired surrogates) that would make a name display as another.
/// </summary>
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
        if (FirstHidden(name) is { } hidden)
        {
            return $"Bot name '{Escape(name)}' contains {hidden}: control (Cc), format (Cf, such as bidirectional overrides and zero-width characters) " +
                "and unassigned (Cn) characters and unpaired surrogates are not allowed in bot names.";
        }
        if (name.StartsWith('.'))
        {
            return $"Bot name '{name}' must not start with '.'.";
        }
        if (name.Equals("ASF", StringComparison.OrdinalIgnoreCase) || name.Equals("@ALL", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{name}' is reserved and cannot name a bot.";
        }
        if (name.IndexOfAny(['/', '\\', ',', ':', '*', '?', '"', '<', '>', '|']) >= 0 || name.Contains("..", StringComparison.Ordinal) ||
            name.Any(char.IsWhiteSpace) || name.StartsWith("r!", StringComparison.OrdinalIgnoreCase))
        {
            return $"Bot name '{name}' contains characters that are not allowed (path separators, commas, wildcards, whitespace, '..').";
        }
        return null;
    }

    /// <summary>True when <paramref name="name"/> is a valid bot name.</summary>
    public static bool IsValid(string? name) => Validate(name) is null;

    /// <summary><paramref name="text"/> with every hidden character written as <c>\u</c> and four hex digits (<c>\U</c> and eight above the BMP), safe to show or log.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (FirstHidden(text) is null)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            if (status != OperationStatus.Done)
            {
                // An unpaired surrogate: one UTF-16 unit that is no character of its own.
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)rest[0]:X4}");
            }
            else if (IsHidden(rune) && rune.IsBmp)
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}");
            }
            else if (IsHidden(rune))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:X8}");
            }
            else
            {
                escaped.Append(rest[..consumed]);
            }
            rest = rest[consumed..];
        }
        return escaped.ToString();
    }

    /// <summary>Describes the first hidden character of <paramref name="text"/>, or null when it has none.</summary>
    private static string? FirstHidden(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            // Runes, not chars: a supplementary character is judged by its own category, not by its two surrogate halves.
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done)
            {
                return $"an unpaired surrogate (U+{(int)rest[0]:X4})";
            }
            if (IsHidden(rune))
            {
                return $"U+{rune.Value:X4}, {Rune.GetUnicodeCategory(rune) switch
                {
                    UnicodeCategory.Control => "a control character (Cc)",
                    UnicodeCategory.Format => "a format character (Cf)",
                    _ => "an unassigned code point (Cn)",
                }}";
            }
            rest = rest[consumed..];
        }
        return null;
    }

    private static bool IsHidden(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned;
}
