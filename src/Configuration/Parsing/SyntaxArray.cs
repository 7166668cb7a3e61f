namespace ActorRpc.Configuration.Parsing;

/// <summary>An array literal.</summary>
internal sealed record SyntaxArray(IReadOnlyList<SyntaxValue> Elements, SourcePosition Position) : SyntaxValue(Position);
