namespace ActorRpc.Configuration.Parsing;

/// <summary>
/// <c>${path}</c> or <c>${?path}</c>. <see cref="FixupPrefix"/> is where the file holding it was included, so the
/// path is tried there first.
/// </summary>
internal sealed record SyntaxSubstitution(
    IReadOnlyList<string> Path,
    bool IsOptional,
    IReadOnlyList<string> FixupPrefix,
    string Text,
    SourcePosition Position) : SyntaxValue(Position);
