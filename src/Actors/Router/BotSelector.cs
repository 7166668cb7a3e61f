using System.Text.RegularExpressions;

namespace ActorRpc.Actors.Router;

/// <summary>
/// Resolves an ASF bot list against the known bot names: comma-separated entries, each a name
/// (case-sensitive), <c>ASF</c> (any case) or <c>@ALL</c> for every bot, <c>A..B</c> for the names from A
/// to B in name order, or <c>r!REGEX</c> for the names matching a regular expression (time-bounded).
/// </summary>
public static class BotSelector
{
    /// <summary>Resolves <paramref name="selector"/>; unmatched entries are reported, not fatal.</summary>
    /// <param name="selector">The bot list as typed.</param>
    /// <param name="names">Every bot name, in ordinal order.</param>
    /// <param name="regexTimeout">The bound on each regular-expression match.</param>
    public static BotSelection Resolve(string selector, IReadOnlyList<string> names, TimeSpan regexTimeout)
    {
        ArgumentNullException.ThrowIfNull(names);
        var known = names.ToHashSet(StringComparer.Ordinal);
        return Resolve(selector, known.Contains, () => names, regexTimeout);
    }

    /// <summary>
    /// Resolves <paramref name="selector"/> looking plain names up with <paramref name="isKnown"/>; the full,
    /// ordered name list is asked for only by <c>ASF</c>, ranges and patterns (the common one-bot command
    /// stays cheap however many bots there are).
    /// </summary>
    public static BotSelection Resolve(string selector, Func<string, bool> isKnown, Func<IReadOnlyList<string>> allNames, TimeSpan regexTimeout)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(isKnown);
        ArgumentNullException.ThrowIfNull(allNames);
        IReadOnlyList<string>? namesCache = null;
        IReadOnlyList<string> Names() => namesCache ??= allNames();
        var selected = new SortedSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        string? error = null;
        foreach (var raw in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Equals("ASF", StringComparison.OrdinalIgnoreCase) || raw.Equals("@ALL", StringComparison.OrdinalIgnoreCase))
            {
                selected.UnionWith(Names());
            }
            else if (raw.StartsWith("r!", StringComparison.OrdinalIgnoreCase))
            {
                error ??= SelectByRegex(raw[2..], Names(), regexTimeout, selected);
            }
            else if (raw.IndexOf("..", StringComparison.Ordinal) is var dots and > 0 && dots < raw.Length - 2)
            {
                SelectRange(raw[..dots], raw[(dots + 2)..], Names(), selected, unknown);
            }
            else if (isKnown(raw))
            {
                selected.Add(raw);
            }
            else
            {
                unknown.Add(raw);
            }
        }
        return new BotSelection([.. selected], unknown, error);
    }

    private static void SelectRange(string first, string last, IReadOnlyList<string> names, SortedSet<string> selected, List<string> unknown)
    {
        var from = IndexOf(names, first);
        var to = IndexOf(names, last);
        if (from < 0 || to < 0)
        {
            unknown.Add(from < 0 ? first : last);
            return;
        }
        for (var i = Math.Min(from, to); i <= Math.Max(from, to); i++)
        {
            selected.Add(names[i]);
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private static string? SelectByRegex(string pattern, IReadOnlyList<string> names, TimeSpan timeout, SortedSet<string> selected)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException ex)
        {
            return $"Invalid regular expression '{TextLimits.Quote(pattern, TextLimits.Name)}': {TextLimits.Quote(ex.Message, 2 * TextLimits.Name)}";
        }
        try
        {
            foreach (var name in names)
            {
                if (regex.IsMatch(name))
                {
                    selected.Add(name);
                }
            }
            return null;
        }
        catch (RegexMatchTimeoutException)
        {
            return $"The regular expression '{TextLimits.Quote(pattern, TextLimits.Name)}' took longer than {timeout.TotalMilliseconds:0} ms and was abandoned.";
        }
    }
}

/// <summary>The outcome of a <see cref="BotSelector"/> resolution.</summary>
/// <param name="Names">The selected bot names, in name order.</param>
/// <param name="Unknown">Entries that named no bot.</param>
/// <param name="Error">A malformed or too slow regular expression, if any.</param>
public sealed record BotSelection(IReadOnlyList<string> Names, IReadOnlyList<string> Unknown, string? Error);
