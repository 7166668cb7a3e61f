using System.Globalization;
using System.Text;

namespace ActorRpc.Configuration.Parsing;

/// <summary>Splits HOCON text into tokens on demand, dropping comments and tracking line and column.</summary>
internal sealed class HoconTokenizer
{
    private const string ForbiddenCharacters = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _sourceName;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    public HoconTokenizer(string text, string sourceName)
    {
        _text = text;
        _sourceName = sourceName;
    }

    private SourcePosition Position => new(_sourceName, _line, _column);

    private bool AtEnd => _index >= _text.Length;

    private char Current => _text[_index];

    /// <summary>Characters that end an unquoted string (the spec's "forbidden characters").</summary>
    public static bool IsForbidden(char c) => ForbiddenCharacters.Contains(c, StringComparison.Ordinal);

    /// <summary>HOCON whitespace other than the newline, which is a token of its own.</summary>
    public static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    /// <summary>Reads the next token; comments are skipped and <see cref="HoconTokenKind.End"/> repeats at the end.</summary>
    public HoconToken Next()
    {
        while (true)
        {
            var start = Position;
            if (AtEnd)
            {
                return new HoconToken(HoconTokenKind.End, "", start);
            }

            var c = Current;
            if (c == '#' || StartsComment())
            {
                SkipComment();
                continue;
            }

            switch (c)
            {
                case '\n':
                    Advance();
                    return new HoconToken(HoconTokenKind.Newline, "\n", start);
                case '{':
                    return Punctuation(HoconTokenKind.OpenBrace, start);
                case '}':
                    return Punctuation(HoconTokenKind.CloseBrace, start);
                case '[':
                    return Punctuation(HoconTokenKind.OpenBracket, start);
                case ']':
                    return Punctuation(HoconTokenKind.CloseBracket, start);
                case ',':
                    return Punctuation(HoconTokenKind.Comma, start);
                case ':':
                    return Punctuation(HoconTokenKind.Colon, start);
                case '=':
                    return Punctuation(HoconTokenKind.Equals, start);
                case '+':
                    if (PeekChar(1) != '=')
                    {
                        throw start.Error("unexpected '+': '+' can only appear in '+=' outside quoted strings");
                    }

                    Advance();
                    Advance();
                    return new HoconToken(HoconTokenKind.PlusEquals, "+=", start);
                case '"':
                    return PeekChar(1) == '"' && PeekChar(2) == '"' ? ReadTripleQuoted(start) : ReadQuoted(start);
                case '$':
                    if (PeekChar(1) != '{')
                    {
                        throw start.Error("unexpected '$': a substitution is written '${path}'; quote the string to use a literal '$'");
                    }

                    return ReadSubstitution(start);
            }

            if (IsWhitespace(c))
            {
                return ReadWhitespace(start);
            }

            if (IsForbidden(c))
            {
                throw start.Error($"reserved character '{c}' is not allowed outside quoted strings; quote the string");
            }

            return ReadUnquoted(start);
        }
    }

    /// <summary>
    /// Reads the pieces of a path expression up to the closing '}' of a substitution (left unread), or up to the end of
    /// the text when <paramref name="substitutionStart"/> is null.
    /// </summary>
    public List<HoconToken> ReadPathTokens(SourcePosition? substitutionStart, int substitutionIndex = 0)
    {
        var tokens = new List<HoconToken>();
        while (true)
        {
            var start = Position;
            if (AtEnd || Current == '\n')
            {
                if (substitutionStart is { } opened)
                {
                    var snippet = _text[substitutionIndex.._index].TrimEnd();
                    throw opened.Error($"expected '}}' to close the substitution '{snippet}' but found {(AtEnd ? "end of file" : "a newline")}");
                }

                if (AtEnd)
                {
                    return tokens;
                }
            }

            var c = Current;
            if (c == '}' && substitutionStart is not null)
            {
                return tokens;
            }

            if (c == '"')
            {
                tokens.Add(ReadQuoted(start));
            }
            else if (IsWhitespace(c) || c == '\n')
            {
                tokens.Add(ReadWhitespace(start));
            }
            else if (StartsComment())
            {
                throw start.Error("a comment cannot appear inside a path expression");
            }
            else if (IsForbidden(c))
            {
                throw start.Error($"invalid character '{c}' in path expression; quote the path element");
            }
            else
            {
                tokens.Add(ReadUnquoted(start));
            }
        }
    }

    private HoconToken Punctuation(HoconTokenKind kind, SourcePosition start)
    {
        var text = Current.ToString();
        Advance();
        return new HoconToken(kind, text, start);
    }

    private char PeekChar(int offset) => _index + offset < _text.Length ? _text[_index + offset] : '\0';

    private bool StartsComment() => Current == '/' && PeekChar(1) == '/';

    private void Advance()
    {
        if (_text[_index] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _index++;
    }

    private void SkipComment()
    {
        while (!AtEnd && Current != '\n')
        {
            Advance();
        }
    }

    private HoconToken ReadWhitespace(SourcePosition start)
    {
        var from = _index;
        while (!AtEnd && IsWhitespace(Current))
        {
            Advance();
        }

        // A path read from a plain string may contain newlines; they count as whitespace there.
        if (from == _index)
        {
            Advance();
        }

        return new HoconToken(HoconTokenKind.Whitespace, _text[from.._index], start);
    }

    private HoconToken ReadUnquoted(SourcePosition start)
    {
        var from = _index;
        while (!AtEnd)
        {
            var c = Current;
            if (c == '\n' || IsWhitespace(c) || StartsComment())
            {
                break;
            }

            // The sign of an exponent ("1e+5") belongs to the number even though '+' is otherwise forbidden.
            if (IsForbidden(c) && !(c == '+' && IsExponentSoFar(from)))
            {
                break;
            }

            Advance();
        }

        return new HoconToken(HoconTokenKind.UnquotedText, _text[from.._index], start);
    }

    private bool IsExponentSoFar(int from)
    {
        var text = _text.AsSpan(from, _index - from);
        if (text.Length < 2 || (text[^1] != 'e' && text[^1] != 'E'))
        {
            return false;
        }

        var digits = text[..^1].TrimStart('-');
        return digits.Length > 0 && char.IsAsciiDigit(digits[0]) && !digits.ContainsAnyExcept("0123456789.");
    }

    private HoconToken ReadQuoted(SourcePosition start)
    {
        Advance();
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw start.Error("unterminated string: expected a closing '\"' but found end of file");
            }

            var c = Current;
            if (c == '\n')
            {
                throw start.Error("unterminated string: expected a closing '\"' before the end of the line");
            }

            if (c == '"')
            {
                Advance();
                return new HoconToken(HoconTokenKind.QuotedString, builder.ToString(), start);
            }

            if (c == '\\')
            {
                builder.Append(ReadEscape());
                continue;
            }

            builder.Append(c);
            Advance();
        }
    }

    private char ReadEscape()
    {
        var escapeStart = Position;
        Advance();
        if (AtEnd || Current == '\n')
        {
            throw escapeStart.Error("incomplete escape sequence at the end of the line");
        }

        var c = Current;
        Advance();
        switch (c)
        {
            case '"' or '\\' or '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                var hex = _index + 4 <= _text.Length ? _text.Substring(_index, 4) : _text[_index..];
                if (hex.Length != 4 || !ushort.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    throw escapeStart.Error($"invalid escape sequence '\\u{hex.Split('\n')[0]}': expected four hexadecimal digits");
                }

                for (var i = 0; i < 4; i++)
                {
                    Advance();
                }

                return (char)code;
            default:
                throw escapeStart.Error($"invalid escape sequence '\\{c}' in quoted string");
        }
    }

    private HoconToken ReadTripleQuoted(SourcePosition start)
    {
        Advance();
        Advance();
        Advance();
        var from = _index;
        while (!AtEnd)
        {
            if (Current == '"' && PeekChar(1) == '"' && PeekChar(2) == '"')
            {
                // Quotes beyond the closing three belong to the string ("""a"""" is 'a"').
                var run = 3;
                while (PeekChar(run) == '"')
                {
                    run++;
                }

                var content = _text[from..(_index + run - 3)];
                for (var i = 0; i < run; i++)
                {
                    Advance();
                }

                return new HoconToken(HoconTokenKind.QuotedString, content, start);
            }

            Advance();
        }

        throw start.Error("unterminated multi-line string: expected a closing '\"\"\"' but found end of file");
    }

    private HoconToken ReadSubstitution(SourcePosition start)
    {
        var from = _index;
        Advance();
        Advance();
        var optional = !AtEnd && Current == '?';
        if (optional)
        {
            Advance();
        }

        var pieces = ReadPathTokens(start, from);
        Advance();
        var text = _text[from.._index];
        var inner = text[(optional ? 3 : 2)..^1];
        if (string.IsNullOrWhiteSpace(inner))
        {
            throw start.Error($"empty substitution '{text}': expected a path such as ${{a.b}}");
        }

        var path = HoconPathExpression.Build(pieces, start, inner);
        return new HoconToken(HoconTokenKind.Substitution, text, start) { SubstitutionPath = path, IsOptional = optional };
    }
}
