using System.Net;
using ActorRpc.Gateways.Http.Security;

namespace ActorRpc.Gateways.Http;

/// <summary>
/// The HTTP IPC gateway's settings (the node binds them from <c>actorrpc.ipc.*</c>). Immutable; checked by
/// <see cref="Validate"/> when the gateway is registered, so a bad value fails the start with one clear message.
/// </summary>
public sealed record HttpGatewayOptions
{
    /// <summary>The default listening address: loopback only.</summary>
    public const string DefaultHost = "127.0.0.1";

    /// <summary>The default port (ASF's).</summary>
    public const int DefaultPort = 1242;

    /// <summary>The default largest request body: 1 MiB.</summary>
    public const long DefaultMaxBodySize = 1024 * 1024;

    /// <summary>The default most requests processed at once.</summary>
    public const int DefaultMaxConcurrentRequests = 512;

    /// <summary>
    /// The address to listen on: an IP address (IPv4 or IPv6), <c>localhost</c>, or <c>*</c> / <c>+</c> for every
    /// interface. Default <c>127.0.0.1</c>.
    /// </summary>
    public string Host { get; init; } = DefaultHost;

    /// <summary>The TCP port, default 1242; 0 picks a free port (see <see cref="HttpGatewayServer.Address"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>
    /// The IPC password (ASF's <c>IPCPassword</c>); null or empty means no authentication. Its form depends on
    /// <see cref="PasswordFormat"/>: the clear password, or a stored PBKDF2 hash made by <see cref="IpcPassword.HashPbkdf2"/>.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>How <see cref="Password"/> is stored (ASF's <c>IPCPasswordFormat</c>).</summary>
    public IpcPasswordFormat PasswordFormat { get; init; } = IpcPasswordFormat.PlainText;

    /// <summary>The owner; 0 (the default) prohibits command access: every command endpoint answers 503.</summary>
    public ulong OwnerId { get; init; }

    /// <summary>Origins browsers may call from; <c>*</c> (the default) allows any origin.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = ["*"];

    /// <summary>The largest request body accepted, in bytes; a larger one is answered 413.</summary>
    public long MaxBodySize { get; init; } = DefaultMaxBodySize;

    /// <summary>
    /// The most requests processed at once (default 512); past it a request is answered at once with 503, <c>Retry-After: 1</c>
    /// and the usual JSON body, without waiting in a queue. <c>GET /HealthCheck</c> and the <c>/Api/Log</c> WebSocket are
    /// neither limited nor counted.
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = DefaultMaxConcurrentRequests;

    /// <summary>
    /// False (the default): without a password only loopback clients and <see cref="TrustedNetworks"/> are served, others get
    /// 403. True serves every client without authentication (only for networks you control).
    /// </summary>
    public bool AllowNonLoopbackWithoutPassword { get; init; }

    /// <summary>
    /// False (the default): <c>GET /metrics</c> is guarded like <c>/Api</c> (the password when one is set, else the loopback
    /// rule). True serves it to every client without authentication, for a Prometheus that cannot send the password.
    /// </summary>
    public bool MetricsOpen { get; init; }

    /// <summary>Serve the web console at <c>/</c> (its files are public; what it shows comes from <c>/Api</c>, behind the password).</summary>
    public bool WebConsole { get; init; } = true;

    /// <summary>
    /// A folder whose files the node serves at <c>/</c> instead of its web console, as ASF serves its <c>www</c> folder (for
    /// example ASF-ui's build); a path that names no file gets the folder's <c>index.html</c> (front ends that route in the
    /// browser), except below <c>/Api</c>. Null (the default): the built-in console, if <see cref="WebConsole"/>.
    /// </summary>
    public string? WebRoot { get; init; }

    /// <summary>
    /// The file that keeps ASF's <c>/Api/Storage</c> values across restarts (written atomically on every change). Null (the
    /// default): in memory only. The node keeps it as <c>.ipc-storage.json</c> in its bots directory, where hidden files
    /// are not bots.
    /// </summary>
    public string? StorageFile { get; init; }

    /// <summary>Networks in CIDR notation (<c>10.0.0.0/8</c>, <c>fd00::/8</c>, or a single address) treated like loopback when there is no password.</summary>
    public IReadOnlyList<string> TrustedNetworks { get; init; } = [];

    /// <summary>
    /// Host names (or addresses) the <c>Host</c> header may carry besides the listening address, the address a request came to,
    /// <c>localhost</c> and loopback addresses: what a reverse proxy forwards or other containers call the node by. Any other
    /// <c>Host</c> is answered 400, which keeps DNS rebinding from reaching the node through a browser.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>True when a password is configured.</summary>
    public bool HasPassword => !string.IsNullOrEmpty(Password);

    /// <summary>True when <see cref="Host"/> only accepts connections from this machine.</summary>
    public bool IsLoopbackHost =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>The URL the server is configured for, e.g. <c>http://127.0.0.1:1242/</c> (IPv6 addresses in brackets).</summary>
    public string Url =>
        IPAddress.TryParse(Host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"http://[{address}]:{Port}/"
            : $"http://{Host}:{Port}/";

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is wrong; the message names it and says why.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host) || !(Host is "*" or "+" || Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(Host, out _)))
        {
            throw new ArgumentException($"Host: expected an IP address, localhost, * or +, but found '{Host}'.", nameof(Host));
        }
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port: expected 0 to 65535, but found {Port}.", nameof(Port));
        }
        if (MaxBodySize <= 0)
        {
            throw new ArgumentException($"MaxBodySize: expected a positive number of bytes, but found {MaxBodySize}.", nameof(MaxBodySize));
        }
        if (MaxConcurrentRequests <= 0)
        {
            throw new ArgumentException($"MaxConcurrentRequests: expected a positive number of requests, but found {MaxConcurrentRequests}.", nameof(MaxConcurrentRequests));
        }
        if (!Enum.IsDefined(PasswordFormat))
        {
            throw new ArgumentException($"PasswordFormat: expected PlainText or Pbkdf2, but found {PasswordFormat}.", nameof(PasswordFormat));
        }
        if (HasPassword && PasswordFormat == IpcPasswordFormat.Pbkdf2 && Pbkdf2Hash.TryParse(Password!, out _) is { } error)
        {
            throw new ArgumentException($"Password: {error}", nameof(Password));
        }
        if (WebRoot is not null && !Directory.Exists(WebRoot))
        {
            throw new ArgumentException($"WebRoot: no such folder: {WebRoot}.", nameof(WebRoot));
        }
        ArgumentNullException.ThrowIfNull(CorsOrigins);
        if (CorsOrigins.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("CorsOrigins: an origin must not be empty.", nameof(CorsOrigins));
        }
        ArgumentNullException.ThrowIfNull(AllowedHosts);
        if (AllowedHosts.FirstOrDefault(h => !HostNames.IsHostName(h)) is { } badHost)
        {
            throw new ArgumentException($"AllowedHosts: '{badHost}' is not a host name or address (no scheme, port or path, e.g. node1 or 10.0.0.5).", nameof(AllowedHosts));
        }
        ArgumentNullException.ThrowIfNull(TrustedNetworks);
        foreach (var network in TrustedNetworks)
        {
            if (!NetworkRange.TryParse(network, out _))
            {
                throw new ArgumentException($"TrustedNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/8).", nameof(TrustedNetworks));
            }
        }
    }
}
