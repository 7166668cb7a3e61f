namespace ActorRpc.Cluster;

/// <summary>A cluster member's settings (bound from <c>actorrpc.cluster</c>).</summary>
public sealed record ClusterSettings
{
    /// <summary>The broker, e.g. <c>amqp://user:pass@host:5672/vhost</c>.</summary>
    public required Uri RabbitMqUri { get; init; }

    /// <summary>This node's name; unique in the cluster.</summary>
    public required string NodeName { get; init; }

    /// <summary>The number of bot shards. Every node of a cluster must use the same number.</summary>
    public int Shards { get; init; } = 64;

    /// <summary>How often a node says it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long without a heartbeat before a member counts as gone (its shards are then reassigned).</summary>
    public TimeSpan FailureTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The AMQP heartbeat asked of the broker (whole seconds): the broker closes the connection of a node silent for
    /// about two to three of these, which is what moves a frozen node's shards, so it is kept near
    /// <see cref="FailureTimeout"/>.
    /// </summary>
    public TimeSpan BrokerHeartbeat { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a caller waits for a cluster-bound request's answer before answering CR_LINK_FAILURE itself.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long executed commands' results are kept for answering redeliveries.</summary>
    public TimeSpan ResultRetention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Registry records between two snapshots of the registry (what a joining node replays at most after the latest one).</summary>
    public int RegistrySnapshotEvery { get; init; } = 1000;

    /// <summary>Bot files imported into the registry at join when the registry lacks them (null: none).</summary>
    public string? SeedBotsDirectory { get; init; }

    /// <summary>Calls one node takes at once from one method's queue.</summary>
    public ushort MethodPrefetch { get; init; } = 64;

    /// <summary>The names every cluster object starts with (queues, exchanges, streams).</summary>
    public string Prefix { get; init; } = "actorrpc";
}
