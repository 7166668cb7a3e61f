namespace ActorRpc.Gateways.Http.Security;

/// <summary>Host names as the <c>Host</c> check compares them: case-insensitive, IPv6 addresses without their brackets.</summary>
internal static class HostNames
{
    /// <summary>The name every loopback server answers to besides its addresses.</summary>
    public const string Localhost = "localhost";

    /// <summary>True for a bare host name or address (<c>node1</c>, <c>10.0.0.5</c>, <c>::1</c>, <c>[::1]</c>): no scheme, port or path.</summary>
    public static bool IsHostName(string? value) =>
        !string.IsNullOrWhiteSpace(value) && Uri.CheckHostName(Unbracket(value)) != UriHostNameType.Unknown;

    /// <summary>An IPv6 address as written in a URL (<c>[::1]</c>) without its brackets; anything else as it is.</summary>
    public static string Unbracket(string host) =>
        host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
}
