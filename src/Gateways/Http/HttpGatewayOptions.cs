using System.Net;
using ActorRpc.Configuration.Options;

namespace ActorRpc.Gateways.Http;

/// <summary>
/// The HTTP IPC gateway's settings, bound from <c>actorrpc.ipc.*</c> (each property names its key). A new instance holds
/// the built-in defaults of <c>hocon/actorrpc.conf</c>, the one place they are written. Immutable; checked by
/// <see cref="HttpGatewayOptionsValidator"/> (at a node's start, and when the gateway is registered), so a bad value
/// fails the start with one message naming its key.
/// </summary>
[HoconSection("actorrpc.ipc")]
public sealed record HttpGatewayOptions
{
    /// <summary>Creates the settings with the built-in defaults.</summary>
    public HttpGatewayOptions() => HoconOptions.ApplyDefaults(this);

    /// <summary>
    /// The address to listen on: an IP address (IPv4 or IPv6), <c>localhost</c>, or <c>*</c> / <c>+</c> for every
    /// interface. Default <c>127.0.0.1</c>.
    /// </summary>
    [HoconKey("host")]
    public string Host { get; init; } = null!;

    /// <summary>The TCP port, default 1242; 0 picks a free port (see <see cref="HttpGatewayServer.Address"/>).</summary>
    [HoconKey("port")]
    public int Port { get; init; }

    /// <summary>
    /// The IPC password (ASF's <c>IPCPassword</c>); null or empty means no authentication. Its form depends on
    /// <see cref="PasswordFormat"/>: the clear password, or a stored PBKDF2 hash made by <see cref="IpcPassword.HashPbkdf2"/>.
    /// </summary>
    [HoconKey("password")]
    public string? Password { get; init; }

    /// <summary>How <see cref="Password"/> is stored (ASF's <c>IPCPasswordFormat</c>).</summary>
    [HoconKey("password-format")]
    public IpcPasswordFormat PasswordFormat { get; init; }

    /// <summary>The owner; 0 (the default) prohibits command access: every command endpoint answers 503.</summary>
    [HoconKey("owner-id")]
    public ulong OwnerId { get; init; }

    /// <summary>Origins browsers may call from; <c>*</c> (the default) allows any origin.</summary>
    [HoconKey("cors-origins")]
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>The largest request body accepted, in bytes; a larger one is answered 413.</summary>
    [HoconKey("max-body-size", Size = true)]
    public long MaxBodySize { get; init; }

    /// <summary>
    /// The most requests processed at once (default 512); past it a request is answered at once with 503, <c>Retry-After: 1</c>
    /// and the usual JSON body, without waiting in a queue. <c>GET /HealthCheck</c> and the <c>/Api/Log</c> WebSocket are
    /// neither limited nor counted.
    /// </summary>
    [HoconKey("max-concurrent-requests")]
    public int MaxConcurrentRequests { get; init; }

    /// <summary>
    /// False (the default): without a password only loopback clients and <see cref="TrustedNetworks"/> are served, others get
    /// 403. True serves every client without authentication (only for networks you control).
    /// </summary>
    [HoconKey("allow-non-loopback-without-password")]
    public bool AllowNonLoopbackWithoutPassword { get; init; }

    /// <summary>
    /// False (the default): <c>GET /metrics</c> is guarded like <c>/Api</c> (the password when one is set, else the loopback
    /// rule). True serves it to every client without authentication, for a Prometheus that cannot send the password.
    /// </summary>
    [HoconKey("metrics-open")]
    public bool MetricsOpen { get; init; }

    /// <summary>Serve the web console at <c>/</c> (its files are public; what it shows comes from <c>/Api</c>, behind the password).</summary>
    [HoconKey("web-console")]
    public bool WebConsole { get; init; }

    /// <summary>
    /// A folder whose files the node serves at <c>/</c> instead of its web console, as ASF serves its <c>www</c> folder (for
    /// example ASF-ui's build); a path that names no file gets the folder's <c>index.html</c> (front ends that route in the
    /// browser), except below <c>/Api</c>. Null (the default): the built-in console, if <see cref="WebConsole"/>.
    /// </summary>
    [HoconKey("web-root")]
    public string? WebRoot { get; init; }

    /// <summary>
    /// The file that keeps ASF's <c>/Api/Storage</c> values across restarts (written atomically on every change). Null (the
    /// default): in memory only. The node keeps it as <c>.ipc-storage.json</c> in its bots directory, where hidden files
    /// are not bots.
    /// </summary>
    public string? StorageFile { get; init; }

    /// <summary>Networks in CIDR notation (<c>10.0.0.0/8</c>, <c>fd00::/8</c>, or a single address) treated like loopback when there is no password.</summary>
    [HoconKey("trusted-networks")]
    public IReadOnlyList<string> TrustedNetworks { get; init; } = [];

    /// <summary>
    /// Host names (or addresses) the <c>Host</c> header may carry besides the listening address, the address a request came to,
    /// <c>localhost</c> and loopback addresses: what a reverse proxy forwards or other containers call the node by. Any other
    /// <c>Host</c> is answered 400, which keeps DNS rebinding from reaching the node through a browser.
    /// </summary>
    [HoconKey("allowed-hosts")]
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

    /// <summary>Checks every setting (<see cref="HttpGatewayOptionsValidator"/>).</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message starts with its key (<c>actorrpc.ipc.port: …</c>).</exception>
    public void Validate() => new HttpGatewayOptionsValidator().ThrowIfInvalid(this);
}
