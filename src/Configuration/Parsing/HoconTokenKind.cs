namespace ActorRpc.Configuration.Parsing;

/// <summary>The lexical classes of HOCON.</summary>
internal enum HoconTokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Equals,
    Colon,
    PlusEquals,
    Newline,
    Whitespace,
    QuotedString,
    UnquotedText,
    Substitution,
    End,
}
