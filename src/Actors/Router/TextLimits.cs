namespace ActorRpc.Actors.Router;

/// <summary>
/// How much of a client's (or a plugin's) text an error message or a log line quotes: a 64 MiB command name must
/// not come back as a 64 MiB error text, nor become a 64 MiB log line.
/// </summary>
public static class TextLimits
{
    /// <summary>The most characters of a name an error text quotes.</summary>
    public const int Name = 200;

    /// <summary>The most characters of a message (an exception's, a plugin's) a reply or log line quotes.</summary>
    public const int Message = 4096;

    /// <summary><paramref name="text"/> when at most <paramref name="limit"/> characters long, else its start and how long it was.</summary>
    public static string Quote(string text, int limit = Message)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= limit)
        {
            return text;
        }
        // Never cut a surrogate pair in two.
        var cut = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        return $"{text.AsSpan(0, cut)}… ({text.Length} characters)";
    }

    /// <summary>
    /// A plugin's exception for the log: type, shortened message and stack trace, then the same for each inner
    /// exception. Logging the exception object itself would print a message of any length verbatim.
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = new System.Text.StringBuilder();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (text.Length > 0)
            {
                text.Append("\n ---> ");
            }
            text.Append(current.GetType().FullName).Append(": ").Append(Quote(current.Message));
            if (current.StackTrace is { } trace)
            {
                text.Append('\n').Append(trace);
            }
        }
        return text.ToString();
    }
}
