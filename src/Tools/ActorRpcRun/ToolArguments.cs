using System.Globalization;
using System.Net;

namespace ActorRpc.Tools.Run;

/// <summary>
/// The parsed arguments: options first (<c>--host</c>, <c>--port</c>, <c>--color</c>, <c>--</c>), then either
/// <c>--lua MODULE FUNCTION [ARGS…]</c> or <c>COMMAND [ARGS…]</c>; everything after the command word is passed on verbatim.
/// </summary>
/// <param name="Host">The server's host name or address.</param>
/// <param name="Port">The port given by <c>--port</c>, if any.</param>
/// <param name="Color">When to colour.</param>
/// <param name="Lua">True for <c>--lua</c>: <paramref name="Words"/> are MODULE, FUNCTION, ARGS.</param>
/// <param name="Help">True for <c>--help</c>.</param>
/// <param name="Words">COMMAND and its arguments, or MODULE, FUNCTION and the arguments.</param>
internal sealed record ToolArguments(string Host, int? Port, ColorMode Color, bool Lua, bool Help, IReadOnlyList<string> Words)
{
    /// <summary>What the tool prints for no arguments, a usage error or <c>--help</c>.</summary>
    public const string Usage =
        """
        Usage: actorrpc-run [OPTIONS] COMMAND [ARGS...]
               actorrpc-run [OPTIONS] --lua MODULE FUNCTION [ARGS...]
        Runs a console command, or a script function, on an ActorRpc node (or DFHack) through its remote port.
        Options (before COMMAND; everything after it is passed on as it is):
          --host HOST                 the server (default localhost, over IPv4)
          --port PORT                 the port; otherwise DFHACK_PORT when > 0, otherwise "port" in
                                      dfhack-config/remote-server.json, otherwise 5000
          --color always|never|auto   ANSI colours (auto: when stdout is a terminal and NO_COLOR is unset)
          --help                      this text
        Exit codes: 0 success; 1 the command failed; 2 usage, connection or handshake error; 3 RunLua could not be bound.
        Arguments follow dfhack-run's rules exactly (the compatibility this tool promises): options only before
        COMMAND, nothing after it is read as an option, so scripts written for dfhack-run work unchanged.

        """;

    /// <summary>Parses <paramref name="args"/>; null with <paramref name="error"/> set when they are not usable.</summary>
    public static ToolArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var host = "localhost";
        int? port = null;
        var color = ColorMode.Auto;
        var index = 0;
        while (index < args.Count && args[index].StartsWith("--", StringComparison.Ordinal))
        {
            var option = args[index];
            if (option == "--")
            {
                index++;
                break;
            }
            if (option == "--lua")
            {
                var words = args.Skip(index + 1).ToArray();
                if (words.Length < 2)
                {
                    error = "--lua needs a MODULE and a FUNCTION.";
                    return null;
                }
                return new ToolArguments(host, port, color, Lua: true, Help: false, words);
            }
            if (option == "--help")
            {
                return new ToolArguments(host, port, color, Lua: false, Help: true, []);
            }
            var (name, value) = SplitOption(option, args, ref index);
            switch (name)
            {
                case "--host" when value is not null && value.Length > 0:
                    host = value;
                    break;
                case "--port" when value is not null:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > IPEndPoint.MaxPort)
                    {
                        error = $"--port needs a port number (1-{IPEndPoint.MaxPort}), not '{value}'.";
                        return null;
                    }
                    port = number;
                    break;
                case "--color" when value is not null:
                    if (!TryParseColor(value, out color))
                    {
                        error = $"--color takes always, never or auto, not '{value}'.";
                        return null;
                    }
                    break;
                case "--host" or "--port" or "--color":
                    error = $"{name} needs a value.";
                    return null;
                default:
                    error = $"Unknown option {name}.";
                    return null;
            }
        }
        if (index >= args.Count)
        {
            error = "No command given.";
            return null;
        }
        return new ToolArguments(host, port, color, Lua: false, Help: false, [.. args.Skip(index)]);
    }

    /// <summary>Reads <c>--name value</c> or <c>--name=value</c>, moving <paramref name="index"/> past it.</summary>
    private static (string Name, string? Value) SplitOption(string option, IReadOnlyList<string> args, ref int index)
    {
        var equals = option.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            index++;
            return (option[..equals], option[(equals + 1)..]);
        }
        var value = index + 1 < args.Count ? args[index + 1] : null;
        index += value is null ? 1 : 2;
        return (option, value);
    }

    private static bool TryParseColor(string value, out ColorMode color)
    {
        switch (value)
        {
            case "always":
                color = ColorMode.Always;
                return true;
            case "never":
                color = ColorMode.Never;
                return true;
            case "auto":
                color = ColorMode.Auto;
                return true;
            default:
                color = ColorMode.Auto;
                return false;
        }
    }
}
