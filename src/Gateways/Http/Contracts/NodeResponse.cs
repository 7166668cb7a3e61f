namespace ActorRpc.Gateways.Http.Contracts;

/// <summary><c>GET /Api/ASF</c>: this node, and the cluster's members (this node alone until the cluster exists).</summary>
/// <param name="NodeName">This node's name.</param>
/// <param name="Version">The ActorRpc version.</param>
/// <param name="StartedAt">When the node's actor system started.</param>
/// <param name="UptimeSeconds">Seconds since then.</param>
/// <param name="ProcessStartTime">When the process started.</param>
/// <param name="MemoryUsage">Managed heap in use, in KiB (ASF's field).</param>
/// <param name="WorkingSet">The process's working set, in KiB.</param>
/// <param name="Bots">Bots hosted on this node.</param>
/// <param name="Plugins">Plugins loaded on this node.</param>
/// <param name="CommandsAllowed">False while OwnerId is 0.</param>
/// <param name="Members">The cluster's members.</param>
internal sealed record NodeResponse(
    string NodeName,
    string Version,
    DateTimeOffset StartedAt,
    long UptimeSeconds,
    DateTimeOffset ProcessStartTime,
    long MemoryUsage,
    long WorkingSet,
    int Bots,
    int Plugins,
    bool CommandsAllowed,
    IReadOnlyList<NodeMember> Members);

/// <summary>One member of the cluster.</summary>
/// <param name="NodeName">Its name.</param>
/// <param name="Version">Its ActorRpc version.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Self">True for the node answering.</param>
/// <param name="Bots">How many bots it hosts.</param>
/// <param name="BotNames">The bots it hosts, in name order.</param>
/// <param name="Shards">The shards it serves (empty when not clustered).</param>
/// <param name="Plugins">The plugins it has loaded.</param>
/// <param name="Commands">
/// The total of commands run through its router since it started (another member's as of its last heartbeat, about
/// a second old; 0 from a node too old to report it). Only grows: the difference of two reads over the time between
/// them is its commands per second.
/// </param>
internal sealed record NodeMember(string NodeName, string Version, DateTimeOffset StartedAt, bool Self, int Bots,
    IReadOnlyList<string> BotNames, IReadOnlyList<int> Shards, IReadOnlyList<string> Plugins, long Commands);
