using ActorRpc.Actors.Router;
using ActorRpc.Cluster;
using ActorRpc.Configuration.Options;
using ActorRpc.Gateways.Http;
using ActorRpc.Gateways.Tcp;

namespace ActorRpc.Node;

/// <summary>
/// The node's configuration, read and checked once at start (see <c>hocon/actorrpc.conf</c> for every key): the few
/// keys only the node reads, and each component's own options, which bind and check themselves.
/// </summary>
[HoconSection("actorrpc")]
public sealed record NodeOptions
{
    /// <summary>Creates the options with the built-in defaults.</summary>
    public NodeOptions() => HoconOptions.ApplyDefaults(this);

    /// <summary><c>actorrpc.ipc.enabled</c>: start the HTTP IPC server.</summary>
    [HoconKey("ipc.enabled")]
    public bool IpcEnabled { get; init; }

    /// <summary><c>actorrpc.rpc.enabled</c>: start the TCP RPC listener.</summary>
    [HoconKey("rpc.enabled")]
    public bool RpcEnabled { get; init; }

    /// <summary><c>actorrpc.log.format</c>: text or json.</summary>
    [HoconKey("log.format")]
    public string LogFormat { get; init; } = null!;

    /// <summary><c>actorrpc.cluster.transport</c>: in-memory or rabbitmq (a RabbitMQ URI selects rabbitmq by itself).</summary>
    [HoconKey("cluster.transport")]
    public string ClusterTransport { get; init; } = null!;

    /// <summary>The core's options (<c>actorrpc.node</c>, <c>bots</c>, <c>plugins</c>, <c>commands</c>, <c>ipc.owner-id</c>).</summary>
    public CoreOptions Core { get; init; } = new();

    /// <summary>The HTTP IPC server's options (<c>actorrpc.ipc</c>).</summary>
    public HttpGatewayOptions Ipc { get; init; } = new();

    /// <summary>The TCP RPC gateway's options (<c>actorrpc.rpc</c>).</summary>
    public TcpGatewayOptions Rpc { get; init; } = new();

    /// <summary>The cluster's options (<c>actorrpc.cluster</c>); null when the node runs alone (no RabbitMQ URI).</summary>
    public ClusterSettings? Cluster { get; init; }

    /// <summary>The file's <c>akka { }</c> section, as HOCON for Akka.NET (empty when there is none).</summary>
    public string AkkaHocon { get; init; } = string.Empty;

    /// <summary><c>actorrpc.node.name</c>.</summary>
    public string NodeName => Core.NodeName;
}

/// <summary>The check of the keys only the node reads.</summary>
public sealed class NodeOptionsValidator : HoconOptionsValidator<NodeOptions>
{
    /// <inheritdoc />
    public override string? Problem(NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.LogFormat.Equals("text", StringComparison.OrdinalIgnoreCase) && !options.LogFormat.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return Wrong(nameof(options.LogFormat), "text or json", options.LogFormat);
        }
        if (!options.ClusterTransport.Equals("in-memory", StringComparison.OrdinalIgnoreCase) && !options.ClusterTransport.Equals("rabbitmq", StringComparison.OrdinalIgnoreCase))
        {
            return Wrong(nameof(options.ClusterTransport), "in-memory or rabbitmq", options.ClusterTransport);
        }
        return null;
    }
}
