using ActorRpc.Configuration.Options;

namespace ActorRpc.Actors.Router;

/// <summary>
/// The settings of a node's core. The keyed ones are bound from the <c>actorrpc</c> configuration, and a new instance
/// holds their built-in defaults from <c>hocon/actorrpc.conf</c>. Checked by <see cref="CoreOptionsValidator"/>.
/// </summary>
[HoconSection("actorrpc")]
public sealed record CoreOptions
{
    /// <summary>Creates the settings with the built-in defaults.</summary>
    public CoreOptions() => HoconOptions.ApplyDefaults(this);

    /// <summary>The node's name (also its actor system's).</summary>
    [HoconKey("node.name")]
    public string NodeName { get; init; } = null!;

    /// <summary>The bots directory.</summary>
    [HoconKey("bots.directory")]
    public string BotsDirectory { get; init; } = null!;

    /// <summary>The plugins directory (null: built-in plugins only).</summary>
    [HoconKey("plugins.directory")]
    public string? PluginsDirectory { get; init; }

    /// <summary>Concurrent calls per non-serial RPC method.</summary>
    [HoconKey("plugins.max-concurrent-calls")]
    public int MaxConcurrentCalls { get; init; }

    /// <summary>Commands one bot may have waiting; past it the router answers CR_LINK_FAILURE "overloaded" at once.</summary>
    [HoconKey("bots.max-queued-commands")]
    public int MaxQueuedCommandsPerBot { get; init; }

    /// <summary>Calls one RPC method may have waiting for a free slot; past it calls fail with CR_LINK_FAILURE "overloaded".</summary>
    [HoconKey("plugins.max-queued-calls")]
    public int MaxQueuedCallsPerMethod { get; init; }

    /// <summary>The bound on matching an <c>r!REGEX</c> bot list.</summary>
    [HoconKey("commands.regex-timeout")]
    public TimeSpan RegexTimeout { get; init; }

    /// <summary>The owner; 0 means command access is prohibited.</summary>
    [HoconKey("ipc.owner-id")]
    public ulong OwnerId { get; init; }

    /// <summary>
    /// True on a cluster member: bots are placed on this node by the cluster (<see cref="LocalBots.HostAsync"/>) from
    /// its registry, and the bots directory is not read or watched.
    /// </summary>
    public bool BotsPlacedByCluster { get; init; }

    /// <summary>How long the router waits for a bot or the plugin host to answer before reporting a link failure.</summary>
    public TimeSpan ActorTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
