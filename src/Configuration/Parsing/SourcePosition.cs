namespace ActorRpc.Configuration.Parsing;

/// <summary>A line and column in a named source, used for every error message.</summary>
internal readonly record struct SourcePosition(string SourceName, int Line, int Column)
{
    /// <summary>Creates the exception reporting <paramref name="reason"/> at this position.</summary>
    public HoconParseException Error(string reason) => new(SourceName, Line, Column, reason);

    /// <summary>Line and column only, for messages that point at another place in the same source.</summary>
    public string LineAndColumn => $"{Line}:{Column}";

    public override string ToString() => $"{SourceName}:{Line}:{Column}";
}
