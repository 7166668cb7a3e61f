using ActorRpc.Configuration.Options;

namespace ActorRpc.Cluster;

/// <summary>
/// A cluster member's settings. The keyed ones are bound from <c>actorrpc.cluster</c>, and a new instance holds their
/// built-in defaults from <c>hocon/actorrpc.conf</c>; the node sets the others. Checked by <see cref="ClusterSettingsValidator"/>.
/// </summary>
[HoconSection("actorrpc.cluster")]
public sealed record ClusterSettings
{
    /// <summary>Creates the settings with the built-in defaults.</summary>
    public ClusterSettings() => HoconOptions.ApplyDefaults(this);

    /// <summary>The broker, e.g. <c>amqp://user:pass@host:5672/vhost</c>.</summary>
    [HoconKey("rabbitmq-uri")]
    public required Uri RabbitMqUri { get; init; }

    /// <summary>This node's name; unique in the cluster.</summary>
    public required string NodeName { get; init; }

    /// <summary>The number of bot shards. Every node of a cluster must use the same number.</summary>
    [HoconKey("shards")]
    public int Shards { get; init; }

    /// <summary>How often a node says it is alive.</summary>
    [HoconKey("heartbeat-interval")]
    public TimeSpan HeartbeatInterval { get; init; }

    /// <summary>How long without a heartbeat before a member counts as gone (its shards are then reassigned).</summary>
    [HoconKey("failure-timeout")]
    public TimeSpan FailureTimeout { get; init; }

    /// <summary>
    /// The AMQP heartbeat asked of the broker (whole seconds): the broker closes the connection of a node silent for
    /// about two to three of these, which is what moves a frozen node's shards, so it is kept near
    /// <see cref="FailureTimeout"/>.
    /// </summary>
    [HoconKey("broker-heartbeat")]
    public TimeSpan BrokerHeartbeat { get; init; }

    /// <summary>How long a caller waits for a cluster-bound request's answer before answering CR_LINK_FAILURE itself.</summary>
    [HoconKey("request-timeout")]
    public TimeSpan RequestTimeout { get; init; }

    /// <summary>How long executed commands' results are kept for answering redeliveries.</summary>
    [HoconKey("result-retention")]
    public TimeSpan ResultRetention { get; init; }

    /// <summary>Registry records between two snapshots of the registry (what a joining node replays at most after the latest one).</summary>
    [HoconKey("registry-snapshot-every")]
    public int RegistrySnapshotEvery { get; init; }

    /// <summary>Bot files imported into the registry at join when the registry lacks them (null: none).</summary>
    public string? SeedBotsDirectory { get; init; }

    /// <summary>Calls one node takes at once from one method's queue.</summary>
    public ushort MethodPrefetch { get; init; } = 64;

    /// <summary>The names every cluster object starts with (queues, exchanges, streams).</summary>
    public string Prefix { get; init; } = "actorrpc";
}
