using System.Collections;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ActorRpc.Tools.Run;

/// <summary>Which port to connect to when <c>--port</c> is not given, as DFHack's clients decide it.</summary>
internal static class PortLookup
{
    /// <summary>The environment variable that overrides configuration (when it holds a number > 0).</summary>
    public const string PortVariable = "DFHACK_PORT";

    /// <summary>The server's configuration file, relative to the current directory.</summary>
    public static readonly string ConfigFile = Path.Combine("dfhack-config", "remote-server.json");

    /// <summary>The protocol's default port.</summary>
    public const int DefaultPort = 5000;

    /// <summary>
    /// <c>DFHACK_PORT</c> if set and > 0, else <c>"port"</c> of <c>dfhack-config/remote-server.json</c> under
    /// <paramref name="currentDirectory"/>, else 5000. A config file that cannot be read is reported through
    /// <paramref name="warning"/> and skipped.
    /// </summary>
    public static int Resolve(IDictionary environment, string currentDirectory, out string? warning)
    {
        warning = null;
        if (environment[PortVariable] is string variable &&
            int.TryParse(variable.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fromEnvironment) &&
            fromEnvironment is > 0 and <= IPEndPoint.MaxPort)
        {
            return fromEnvironment;
        }
        var path = Path.Combine(currentDirectory, ConfigFile);
        if (!File.Exists(path))
        {
            return DefaultPort;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("port", out var port) &&
                port.ValueKind == JsonValueKind.Number &&
                port.TryGetInt32(out var fromFile) &&
                fromFile is > 0 and <= IPEndPoint.MaxPort)
            {
                return fromFile;
            }
            return DefaultPort;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            warning = $"Ignoring {ConfigFile}: {ex.Message}";
            return DefaultPort;
        }
    }
}
