using System.Text.RegularExpressions;

namespace ActorRpc.Configuration.Parsing;

/// <summary>
/// Builds the unresolved tree of one source from its tokens. Includes are read here and their fields spliced into
/// the including object; substitutions, merges and <c>+=</c> are left to the resolver.
/// </summary>
internal sealed partial class HoconSyntaxParser
{
    private readonly HoconTokenizer _tokenizer;
    private readonly HoconSourceContext _source;
    private readonly IReadOnlyList<string> _fixupPrefix;
    private readonly List<HoconToken> _lookahead = [];

    private HoconSyntaxParser(string text, HoconSourceContext source, IReadOnlyList<string> fixupPrefix)
    {
        _tokenizer = new HoconTokenizer(text, source.DisplayName);
        _source = source;
        _fixupPrefix = fixupPrefix;
    }

    /// <summary>
    /// Parses a whole document. <paramref name="fixupPrefix"/> is the path at which it is included (empty for the
    /// outermost document); its substitutions are looked up under that path first.
    /// </summary>
    public static SyntaxObject Parse(string text, HoconSourceContext source, IReadOnlyList<string> fixupPrefix) =>
        new HoconSyntaxParser(text, source, fixupPrefix).ParseDocument();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    private SyntaxObject ParseDocument()
    {
        var first = PeekSkipping(newlines: true);
        switch (first.Kind)
        {
            case HoconTokenKind.OpenBracket:
                throw first.Position.Error("the root of a HOCON document must be an object, not an array");
            case HoconTokenKind.OpenBrace:
                var root = ParseFields(Consume(), []);
                var after = PeekSkipping(newlines: true);
                if (after.Kind != HoconTokenKind.End)
                {
                    throw after.Position.Error($"expected end of file after the root object but found {after.Describe()}");
                }

                return root;
            default:
                return ParseFields(open: null, []);
        }
    }

    private SyntaxObject ParseFields(HoconToken? open, IReadOnlyList<string>? path)
    {
        var fields = new List<SyntaxField>();
        var start = open?.Position ?? Peek().Position;
        var canStartField = true;
        var canTakeComma = false;
        var previous = "";
        while (true)
        {
            var token = PeekSkipping(newlines: false);
            switch (token.Kind)
            {
                case HoconTokenKind.Newline:
                    Consume();
                    canStartField = true;
                    continue;
                case HoconTokenKind.Comma:
                    if (!canTakeComma)
                    {
                        throw token.Position.Error(fields.Count == 0 && previous.Length == 0
                            ? "unexpected ',' before the first field"
                            : "unexpected ',': two commas in a row");
                    }

                    Consume();
                    canTakeComma = false;
                    canStartField = true;
                    continue;
                case HoconTokenKind.CloseBrace when open is not null:
                    Consume();
                    return new SyntaxObject(fields, start);
                case HoconTokenKind.CloseBrace:
                    throw token.Position.Error("unexpected '}' without a matching '{'");
                case HoconTokenKind.End when open is null:
                    return new SyntaxObject(fields, start);
                case HoconTokenKind.End:
                    throw token.Position.Error($"expected '}}' to close the object opened at {open.Position.LineAndColumn} but found end of file");
            }

            if (!canStartField)
            {
                var closer = open is null ? "end of file" : "'}'";
                throw token.Position.Error($"expected ',', a newline or {closer} after {previous} but found {token.Describe()}");
            }

            previous = ParseFieldOrInclude(fields, open, path);
            canStartField = false;
            canTakeComma = true;
        }
    }

    /// <summary>Parses one field or include into <paramref name="fields"/>; returns how to name it in later messages.</summary>
    private string ParseFieldOrInclude(List<SyntaxField> fields, HoconToken? open, IReadOnlyList<string>? path)
    {
        var first = Peek();
        if (first is { Kind: HoconTokenKind.UnquotedText, Text: "include" })
        {
            ParseInclude(fields, path);
            return "the include";
        }

        if (first.Kind is not (HoconTokenKind.UnquotedText or HoconTokenKind.QuotedString))
        {
            throw first.Position.Error(first.Kind switch
            {
                HoconTokenKind.Substitution => $"substitutions are not allowed in keys but found {first.Describe()}",
                HoconTokenKind.CloseBracket => "unexpected ']' without a matching '['",
                _ => $"expected a key{(open is null ? "" : " or '}'")} but found {first.Describe()}",
            });
        }

        var keyTokens = new List<HoconToken>();
        while (Peek().Kind is HoconTokenKind.UnquotedText or HoconTokenKind.QuotedString or HoconTokenKind.Whitespace)
        {
            keyTokens.Add(Consume());
        }

        var keyText = string.Concat(keyTokens.Select(t => t.Kind == HoconTokenKind.QuotedString ? HoconScalar.String(t.Text).ToString() : t.Text)).Trim();
        var key = HoconPathExpression.Build(keyTokens, first.Position, keyText);
        var separator = Peek();
        if (separator.Kind == HoconTokenKind.Substitution)
        {
            throw separator.Position.Error($"substitutions are not allowed in keys but found {separator.Describe()} in key '{keyText}'");
        }

        IReadOnlyList<string>? valuePath = path is null ? null : [.. path, .. key];
        SyntaxValue value;
        switch (separator.Kind)
        {
            case HoconTokenKind.Equals or HoconTokenKind.Colon or HoconTokenKind.PlusEquals:
                Consume();
                var found = PeekSkipping(newlines: true);
                value = ParseValue(valuePath)
                    ?? throw found.Position.Error($"expected a value after '{separator.Text}' for key '{keyText}' but found {found.Describe()}");
                break;
            case HoconTokenKind.OpenBrace:
                value = ParseValue(valuePath)!;
                break;
            default:
                throw separator.Position.Error($"expected '=', ':' or '{{' after key '{keyText}' but found {separator.Describe()}");
        }

        fields.Add(new SyntaxField(key, value, separator.Kind == HoconTokenKind.PlusEquals, first.Position));
        return $"the value of '{keyText}'";
    }

    /// <summary>
    /// Parses a value: one or more pieces on the same line, the whitespace between them kept. Returns null when the
    /// next token cannot start a value.
    /// </summary>
    private SyntaxValue? ParseValue(IReadOnlyList<string>? path)
    {
        var pieces = new List<SyntaxValue>();
        while (true)
        {
            var token = Peek();
            if (IsValueStart(token))
            {
                pieces.Add(ParsePiece(path));
                continue;
            }

            if (token.Kind == HoconTokenKind.Whitespace && pieces.Count > 0 && IsValueStart(Peek(1)))
            {
                pieces.Add(new SyntaxWhitespace(Consume().Text, token.Position));
                continue;
            }

            break;
        }

        return pieces.Count switch
        {
            0 => null,
            1 => pieces[0],
            _ => new SyntaxConcatenation(pieces, pieces[0].Position),
        };
    }

    private static bool IsValueStart(HoconToken token) => token.Kind is HoconTokenKind.UnquotedText
        or HoconTokenKind.QuotedString or HoconTokenKind.Substitution or HoconTokenKind.OpenBrace or HoconTokenKind.OpenBracket;

    private SyntaxValue ParsePiece(IReadOnlyList<string>? path)
    {
        var token = Consume();
        return token.Kind switch
        {
            HoconTokenKind.QuotedString => new SyntaxScalar(HoconScalar.String(token.Text), token.Position),
            HoconTokenKind.UnquotedText => new SyntaxScalar(Classify(token.Text), token.Position),
            HoconTokenKind.Substitution => new SyntaxSubstitution(token.SubstitutionPath, token.IsOptional, _fixupPrefix, token.Text, token.Position),
            HoconTokenKind.OpenBrace => ParseFields(token, path),
            _ => ParseArray(token),
        };
    }

    /// <summary>Unquoted text is a boolean, null or number only when the whole token is one; otherwise a string.</summary>
    private static HoconScalar Classify(string text) => text switch
    {
        "true" => HoconScalar.True,
        "false" => HoconScalar.False,
        "null" => HoconScalar.Null,
        _ when NumberPattern().IsMatch(text) => HoconScalar.Number(text),
        _ => HoconScalar.String(text),
    };

    private SyntaxArray ParseArray(HoconToken open)
    {
        var elements = new List<SyntaxValue>();
        var canStartElement = true;
        var canTakeComma = false;
        while (true)
        {
            var token = PeekSkipping(newlines: false);
            switch (token.Kind)
            {
                case HoconTokenKind.Newline:
                    Consume();
                    canStartElement = true;
                    continue;
                case HoconTokenKind.CloseBracket:
                    Consume();
                    return new SyntaxArray(elements, open.Position);
                case HoconTokenKind.End:
                    throw token.Position.Error($"expected ']' to close the array opened at {open.Position.LineAndColumn} but found end of file");
                case HoconTokenKind.Comma:
                    if (!canTakeComma)
                    {
                        throw token.Position.Error(elements.Count == 0
                            ? "unexpected ',' before the first array element"
                            : "unexpected ',': two commas in a row");
                    }

                    Consume();
                    canTakeComma = false;
                    canStartElement = true;
                    continue;
            }

            if (!canStartElement)
            {
                throw token.Position.Error($"expected ',', a newline or ']' in the array opened at {open.Position.LineAndColumn} but found {token.Describe()}");
            }

            var element = ParseValue(path: null)
                ?? throw token.Position.Error($"expected a value or ']' in the array opened at {open.Position.LineAndColumn} but found {token.Describe()}");
            elements.Add(element);
            canStartElement = false;
            canTakeComma = true;
        }
    }

    /// <summary>
    /// <c>include "name"</c>, <c>include file("name")</c>, <c>include required("name")</c> or
    /// <c>include required(file("name"))</c>; the included fields are added where the include stands.
    /// </summary>
    private void ParseInclude(List<SyntaxField> fields, IReadOnlyList<string>? path)
    {
        var include = Consume();
        var opening = "";
        var openingToken = PeekSkipping(newlines: true);
        while (Peek() is { Kind: HoconTokenKind.UnquotedText } part && part.Text.EndsWith('('))
        {
            opening += Consume().Text;
            PeekSkipping(newlines: false);
        }

        var name = Peek();
        if (name.Kind != HoconTokenKind.QuotedString)
        {
            throw name.Position.Error(opening.Length == 0
                ? $"expected a quoted file name, file(\"…\") or required(\"…\") after 'include' but found {name.Describe()}"
                : $"expected a quoted file name after 'include {opening}' but found {name.Describe()}");
        }

        Consume();
        var required = opening.StartsWith("required(", StringComparison.Ordinal);
        var kind = required ? opening["required(".Length..] : opening;
        switch (kind)
        {
            case "" or "file(":
                break;
            case "url(" or "classpath(":
                throw openingToken.Position.Error($"include {kind}…) is not supported: only files can be included");
            default:
                throw openingToken.Position.Error($"expected file(\"…\") or required(\"…\") after 'include' but found '{opening}'");
        }

        var closing = "";
        PeekSkipping(newlines: false);
        while (Peek() is { Kind: HoconTokenKind.UnquotedText } part && part.Text.All(c => c == ')'))
        {
            closing += Consume().Text;
            PeekSkipping(newlines: false);
        }

        var expectedClosing = new string(')', opening.Count(c => c == '('));
        if (closing != expectedClosing)
        {
            var found = Peek();
            throw found.Position.Error(closing.Length < expectedClosing.Length
                ? $"expected ')' to close 'include {opening}\"{name.Text}\"' but found {found.Describe()}"
                : $"too many ')' after 'include {opening}\"{name.Text}\"'");
        }

        // Inside arrays the include's place in the document is unknown; its substitutions then resolve from the root.
        IReadOnlyList<string> prefix = path is null ? [] : [.. _fixupPrefix, .. path];
        fields.AddRange(HoconIncludeLoader.Load(name.Text, required, _source, include.Position, prefix));
    }

    private HoconToken Peek(int offset = 0)
    {
        while (_lookahead.Count <= offset)
        {
            _lookahead.Add(_tokenizer.Next());
        }

        return _lookahead[offset];
    }

    private HoconToken Consume()
    {
        var token = Peek();
        _lookahead.RemoveAt(0);
        return token;
    }

    /// <summary>Skips whitespace (and newlines when asked) and returns the next token without consuming it.</summary>
    private HoconToken PeekSkipping(bool newlines)
    {
        while (Peek().Kind == HoconTokenKind.Whitespace || (newlines && Peek().Kind == HoconTokenKind.Newline))
        {
            Consume();
        }

        return Peek();
    }
}
