using System.Net;
using ActorRpc.Protocol;

namespace ActorRpc.Gateways.Tcp;

/// <summary>Settings of the TCP RPC gateway.</summary>
public sealed record TcpGatewayOptions
{
    /// <summary>The port (0: any free port, for tests).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>Listen on every interface instead of 127.0.0.1 only.</summary>
    public bool AllowRemote { get; init; }

    /// <summary>Networks (CIDR) whose peers may call RunCommand and RunLua.</summary>
    public IReadOnlyList<string> TrustedNetworks { get; init; } = ["127.0.0.1/32"];

    /// <summary>The largest frame accepted or sent.</summary>
    public int MaxFrameSize { get; init; } = WireFrames.MaxMessageSize;

    /// <summary>Warnings about misbehaving clients (bad handshakes, bad frame sizes) logged per minute; the rest are counted and summed up.</summary>
    public int WarningsPerMinute { get; init; } = 20;

    /// <summary>Requests of one connection in flight before the gateway stops reading it (TCP then pushes back).</summary>
    public int MaxInFlight { get; init; } = 1024;

    /// <summary>Idle time after which TCP keep-alive probes start, so half-open connections are found and closed.</summary>
    public TimeSpan KeepAliveIdle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The address to listen on.</summary>
    public IPAddress ListenAddress => AllowRemote ? IPAddress.Any : IPAddress.Loopback;
}
