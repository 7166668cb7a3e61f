namespace ActorRpc.Protocol;

/// <summary>The DFHack console colours (values as on the wire); <see cref="Default"/> means "reset".</summary>
public enum TextColor
{
    /// <summary>No colour: the terminal's default (an absent colour on the wire).</summary>
    Default = -1,

    /// <summary>COLOR_BLACK.</summary>
    Black = 0,

    /// <summary>COLOR_BLUE.</summary>
    Blue = 1,

    /// <summary>COLOR_GREEN.</summary>
    Green = 2,

    /// <summary>COLOR_CYAN.</summary>
    Cyan = 3,

    /// <summary>COLOR_RED.</summary>
    Red = 4,

    /// <summary>COLOR_MAGENTA.</summary>
    Magenta = 5,

    /// <summary>COLOR_BROWN.</summary>
    Brown = 6,

    /// <summary>COLOR_GREY.</summary>
    Grey = 7,

    /// <summary>COLOR_DARKGREY.</summary>
    DarkGrey = 8,

    /// <summary>COLOR_LIGHTBLUE.</summary>
    LightBlue = 9,

    /// <summary>COLOR_LIGHTGREEN.</summary>
    LightGreen = 10,

    /// <summary>COLOR_LIGHTCYAN.</summary>
    LightCyan = 11,

    /// <summary>COLOR_LIGHTRED.</summary>
    LightRed = 12,

    /// <summary>COLOR_LIGHTMAGENTA.</summary>
    LightMagenta = 13,

    /// <summary>COLOR_YELLOW.</summary>
    Yellow = 14,

    /// <summary>COLOR_WHITE.</summary>
    White = 15,
}
