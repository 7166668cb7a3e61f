namespace ActorRpc.Configuration.Parsing;

/// <summary>
/// Values written next to each other on one line (strings, arrays or objects), with the whitespace between them.
/// <see cref="AppendPath"/> is set when the concatenation stands for <c>path += value</c>.
/// </summary>
internal sealed record SyntaxConcatenation(IReadOnlyList<SyntaxValue> Pieces, SourcePosition Position) : SyntaxValue(Position)
{
    public IReadOnlyList<string>? AppendPath { get; init; }
}
