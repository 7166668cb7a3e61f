namespace ActorRpc.Configuration;

/// <summary>
/// A HOCON document could not be read: a syntax error, a bad include or a substitution that cannot be resolved.
/// The message starts with <c>source:line:column:</c>.
/// </summary>
public sealed class HoconParseException : FormatException
{
    /// <summary>Creates the exception for a problem at <paramref name="line"/>:<paramref name="column"/> of <paramref name="sourceName"/>.</summary>
    /// <param name="sourceName">The file (as it was named) or the name given to an in-memory text.</param>
    /// <param name="line">The 1-based line of the problem.</param>
    /// <param name="column">The 1-based column of the problem.</param>
    /// <param name="reason">What was expected or what went wrong, without the location.</param>
    public HoconParseException(string sourceName, int line, int column, string reason)
        : base($"{sourceName}:{line}:{column}: {reason}")
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file (as it was named) or the name given to an in-memory text.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the problem.</summary>
    public int Column { get; }

    /// <summary>What was expected or what went wrong, without the location.</summary>
    public string Reason { get; }
}
