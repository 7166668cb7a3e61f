using System.Net;
using ActorRpc.Configuration.Options;

namespace ActorRpc.Gateways.Tcp;

/// <summary>
/// Settings of the TCP RPC gateway. The keyed ones are bound from <c>actorrpc.rpc.*</c>, and a new instance holds their
/// built-in defaults from <c>hocon/actorrpc.conf</c>; the others are tuning without a configuration key. Checked by
/// <see cref="TcpGatewayOptionsValidator"/>.
/// </summary>
[HoconSection("actorrpc.rpc")]
public sealed record TcpGatewayOptions
{
    /// <summary>Creates the settings with the built-in defaults.</summary>
    public TcpGatewayOptions() => HoconOptions.ApplyDefaults(this);

    /// <summary>The port (0: any free port, for tests).</summary>
    [HoconKey("port")]
    public int Port { get; init; }

    /// <summary>Listen on every interface instead of 127.0.0.1 only.</summary>
    [HoconKey("allow-remote")]
    public bool AllowRemote { get; init; }

    /// <summary>Networks (CIDR) whose peers may call RunCommand and RunLua.</summary>
    [HoconKey("trusted-networks")]
    public IReadOnlyList<string> TrustedNetworks { get; init; } = [];

    /// <summary>The largest frame accepted or sent (at most the protocol's 64 MiB).</summary>
    [HoconKey("max-frame-size", Size = true)]
    public int MaxFrameSize { get; init; }

    /// <summary>Warnings about misbehaving clients (bad handshakes, bad frame sizes) logged per minute; the rest are counted and summed up.</summary>
    public int WarningsPerMinute { get; init; } = 20;

    /// <summary>Requests of one connection in flight before the gateway stops reading it (TCP then pushes back).</summary>
    public int MaxInFlight { get; init; } = 1024;

    /// <summary>Idle time after which TCP keep-alive probes start, so half-open connections are found and closed.</summary>
    public TimeSpan KeepAliveIdle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The address to listen on.</summary>
    public IPAddress ListenAddress => AllowRemote ? IPAddress.Any : IPAddress.Loopback;
}
