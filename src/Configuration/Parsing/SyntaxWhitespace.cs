namespace ActorRpc.Configuration.Parsing;

/// <summary>Whitespace between two pieces of a concatenation: kept in strings, ignored between arrays or objects.</summary>
internal sealed record SyntaxWhitespace(string Text, SourcePosition Position) : SyntaxValue(Position);
