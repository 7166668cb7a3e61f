namespace ActorRpc.Configuration.Parsing;

/// <summary>A literal string, number, boolean or null.</summary>
internal sealed record SyntaxScalar(HoconScalar Value, SourcePosition Position) : SyntaxValue(Position);
