using System.Globalization;
using System.Text;

namespace ActorRpc.Configuration;

/// <summary>A string, number, boolean or null value.</summary>
public sealed class HoconScalar : HoconValue
{
    private readonly HoconValueKind _kind;

    private HoconScalar(HoconValueKind kind, string? text)
    {
        _kind = kind;
        Text = text;
    }

    /// <summary>The <c>null</c> value.</summary>
    public static HoconScalar Null { get; } = new(HoconValueKind.Null, null);

    /// <summary>The <c>true</c> value.</summary>
    public static HoconScalar True { get; } = new(HoconValueKind.Boolean, "true");

    /// <summary>The <c>false</c> value.</summary>
    public static HoconScalar False { get; } = new(HoconValueKind.Boolean, "false");

    /// <inheritdoc />
    public override HoconValueKind Kind => _kind;

    /// <summary>
    /// The value as text: the string itself, the number as written in the source, <c>"true"</c> or <c>"false"</c>;
    /// null for <see cref="Null"/>.
    /// </summary>
    public string? Text { get; }

    /// <summary>Creates a string value.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The value.</returns>
    public static HoconScalar String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new HoconScalar(HoconValueKind.String, value);
    }

    /// <summary>Creates a number value that keeps <paramref name="text"/> as written.</summary>
    /// <param name="text">The number as written, e.g. <c>1242</c> or <c>1e5</c>.</param>
    /// <returns>The value.</returns>
    public static HoconScalar Number(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new HoconScalar(HoconValueKind.Number, text);
    }

    /// <summary>Returns <see cref="True"/> or <see cref="False"/>.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static HoconScalar Boolean(bool value) => value ? True : False;

    /// <summary>The text a string concatenation uses for this value: <c>null</c> becomes <c>"null"</c>.</summary>
    /// <returns>The text of the value.</returns>
    public string ToConcatenationText() => Text ?? "null";

    /// <summary>Renders the value as JSON (strings quoted and escaped, numbers as written).</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString()
    {
        if (Kind != HoconValueKind.String)
        {
            return ToConcatenationText();
        }

        var builder = new StringBuilder(Text!.Length + 2).Append('"');
        foreach (var c in Text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' => builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }
}
