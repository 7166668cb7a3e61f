using System.Text;

namespace ActorRpc.Configuration.Parsing;

/// <summary>Turns the tokens of a key or substitution into path elements, and paths back into text.</summary>
internal static class HoconPathExpression
{
    /// <summary>Parses a whole string as a path expression, e.g. <c>a.b."c.d"</c>.</summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        var tokenizer = new HoconTokenizer(text, "path");
        return Build(tokenizer.ReadPathTokens(substitutionStart: null), new SourcePosition("path", 1, 1), text);
    }

    /// <summary>
    /// Builds the path elements: dots in unquoted text separate elements, quoted text never splits, whitespace between
    /// pieces is kept and whitespace around the whole expression is dropped.
    /// </summary>
    public static IReadOnlyList<string> Build(IReadOnlyList<HoconToken> tokens, SourcePosition position, string textForErrors)
    {
        var first = 0;
        var last = tokens.Count - 1;
        while (first <= last && tokens[first].Kind == HoconTokenKind.Whitespace)
        {
            first++;
        }

        while (last >= first && tokens[last].Kind == HoconTokenKind.Whitespace)
        {
            last--;
        }

        if (first > last)
        {
            throw position.Error($"empty path expression '{textForErrors}'");
        }

        var elements = new List<string>();
        var current = new StringBuilder();
        var currentHasContent = false;
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (token.Kind != HoconTokenKind.UnquotedText)
            {
                // Quoted text (even "") and inner whitespace belong to the current element as they are.
                current.Append(token.Text);
                currentHasContent = true;
                continue;
            }

            var parts = token.Text.Split('.');
            current.Append(parts[0]);
            currentHasContent |= parts[0].Length > 0;
            for (var p = 1; p < parts.Length; p++)
            {
                Finish();
                current.Append(parts[p]);
                currentHasContent = parts[p].Length > 0;
            }
        }

        Finish();
        return elements;

        void Finish()
        {
            if (!currentHasContent)
            {
                throw position.Error(
                    $"path expression '{textForErrors}' has an empty element; a path must not start or end with '.' or contain '..' (quote an empty key as \"\")");
            }

            elements.Add(current.ToString());
            current.Clear();
            currentHasContent = false;
        }
    }

    /// <summary>Renders a path as a HOCON path expression, quoting elements that need it.</summary>
    public static string Render(IEnumerable<string> path) => string.Join(".", path.Select(RenderElement));

    private static string RenderElement(string element) =>
        element.Length > 0 && element.All(c => !HoconTokenizer.IsForbidden(c) && c != '.' && !char.IsWhiteSpace(c))
            ? element
            : HoconScalar.String(element).ToString();
}
