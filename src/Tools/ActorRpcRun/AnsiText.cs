using ActorRpc.Protocol;

namespace ActorRpc.Tools.Run;

/// <summary>Prints server text, with ANSI SGR codes for the 16 DFHack colours when colouring.</summary>
internal sealed class AnsiText(TextWriter output, bool colored)
{
    /// <summary>Resets colour and intensity.</summary>
    public const string Reset = "\u001b[0m";

    /// <summary>SGR foreground codes by <see cref="TextColor"/> value 0..15: dark colours 30..37, bright ones 90..97.</summary>
    private static readonly string[] s_codes =
    [
        "\u001b[30m", // black
        "\u001b[34m", // blue
        "\u001b[32m", // green
        "\u001b[36m", // cyan
        "\u001b[31m", // red
        "\u001b[35m", // magenta
        "\u001b[33m", // brown (dark yellow)
        "\u001b[37m", // grey
        "\u001b[90m", // dark grey
        "\u001b[94m", // light blue
        "\u001b[92m", // light green
        "\u001b[96m", // light cyan
        "\u001b[91m", // light red
        "\u001b[95m", // light magenta
        "\u001b[93m", // yellow
        "\u001b[97m", // white
    ];

    /// <summary>Writes one fragment; a coloured one is followed by a reset (before its final newline, so no colour spills onto the next line).</summary>
    public void Write(string text, TextColor color)
    {
        if (!colored || color is < TextColor.Black or > TextColor.White || text.Length == 0)
        {
            output.Write(text);
            return;
        }
        var newline = text.EndsWith('\n');
        output.Write(s_codes[(int)color]);
        output.Write(newline ? text.AsSpan(0, text.Length - 1) : text);
        output.Write(Reset);
        if (newline)
        {
            output.Write('\n');
        }
    }
}
