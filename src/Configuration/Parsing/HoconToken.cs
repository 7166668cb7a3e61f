namespace ActorRpc.Configuration.Parsing;

/// <summary>
/// One token. <see cref="Text"/> is the decoded content for strings, the source text otherwise; substitutions also
/// carry their parsed path.
/// </summary>
internal sealed record HoconToken(HoconTokenKind Kind, string Text, SourcePosition Position)
{
    /// <summary>The path elements of a substitution.</summary>
    public IReadOnlyList<string> SubstitutionPath { get; init; } = [];

    /// <summary>True for <c>${?path}</c>.</summary>
    public bool IsOptional { get; init; }

    /// <summary>How the token is named in "but found …" messages.</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.Newline => "a newline",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.End => "end of file",
        HoconTokenKind.QuotedString => $"the string {HoconScalar.String(Text)}",
        HoconTokenKind.Substitution => $"the substitution {Text}",
        _ => $"'{Text}'",
    };
}
