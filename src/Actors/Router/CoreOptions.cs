namespace ActorRpc.Actors.Router;

/// <summary>The settings of a node's core (bound from the <c>actorrpc</c> configuration).</summary>
public sealed record CoreOptions
{
    /// <summary>The node's name.</summary>
    public string NodeName { get; init; } = "node1";

    /// <summary>The bots directory.</summary>
    public string BotsDirectory { get; init; } = "config";

    /// <summary>The plugins directory (null: built-in plugins only).</summary>
    public string? PluginsDirectory { get; init; } = "plugins";

    /// <summary>Concurrent calls per non-serial RPC method.</summary>
    public int MaxConcurrentCalls { get; init; } = 64;

    /// <summary>Commands one bot may have waiting; past it the router answers CR_LINK_FAILURE "overloaded" at once.</summary>
    public int MaxQueuedCommandsPerBot { get; init; } = 1000;

    /// <summary>Calls one RPC method may have waiting for a free slot; past it calls fail with CR_LINK_FAILURE "overloaded".</summary>
    public int MaxQueuedCallsPerMethod { get; init; } = 10_000;

    /// <summary>The bound on matching an <c>r!REGEX</c> bot list.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The owner; 0 means command access is prohibited.</summary>
    public ulong OwnerId { get; init; }

    /// <summary>
    /// True on a cluster member: bots are placed on this node by the cluster (<see cref="LocalBots.HostAsync"/>) from
    /// its registry, and the bots directory is not read or watched.
    /// </summary>
    public bool BotsPlacedByCluster { get; init; }

    /// <summary>How long the router waits for a bot or the plugin host to answer before reporting a link failure.</summary>
    public TimeSpan ActorTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
