namespace ActorRpc.Gateways.Http.Contracts;

/// <summary><c>GET /Api/ASF</c>: this node, and the cluster's members (this node alone until the cluster exists).</summary>
/// <param name="NodeName">This node's name.</param>
/// <param name="Version">The ActorRpc version.</param>
/// <param name="StartedAt">When the node's actor system started.</param>
/// <param name="UptimeSeconds">Seconds since then.</param>
/// <param name="ProcessStartTime">When the process started, or the last <c>restart</c> finished after it (ASF-ui sees a restart done when this changes).</param>
/// <param name="MemoryUsage">Managed heap in use, in KiB (ASF's field).</param>
/// <param name="WorkingSet">The process's working set, in KiB.</param>
/// <param name="Bots">Bots hosted on this node.</param>
/// <param name="Plugins">Plugins loaded on this node.</param>
/// <param name="CommandsAllowed">False while OwnerId is 0.</param>
/// <param name="Members">The cluster's members.</param>
/// <param name="GlobalConfig">ASF's global config, as far as its clients read it (see <see cref="AsfGlobalConfig"/>).</param>
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
    IReadOnlyList<NodeMember> Members,
    AsfGlobalConfig GlobalConfig)
{
    /// <summary>ASF: which build runs; ours names the product, so ASF's clients offer no ASF update for it.</summary>
    public string BuildVariant => "actorrpc";

    /// <summary>ASF: whether it can update itself (never: a node is updated by its operator).</summary>
    public bool CanUpdate => false;

    /// <summary>ASF: whether it runs as a system service (not that ASF knows of).</summary>
    public bool Service => false;
}

/// <summary>
/// ASF's <c>GlobalConfig</c> as far as ASF's clients read it from <c>GET /Api/ASF</c>: no update channel (so they check no
/// releases), headless (no console input), the owner. The node's configuration is its HOCON file: it is not edited over IPC.
/// </summary>
/// <param name="SteamOwnerID">The node's <c>OwnerId</c> (0: command access prohibited).</param>
/// <param name="IPCPasswordFormat">ASF's number of the password's format.</param>
internal sealed record AsfGlobalConfig(ulong SteamOwnerID, byte IPCPasswordFormat)
{
    /// <summary>The owner as a string, which ASF-ui reads (JavaScript numbers cannot hold every ulong).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("s_SteamOwnerID")]
    public string SteamOwnerIdText => SteamOwnerID.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>ASF's update channel: 0, none.</summary>
    public byte UpdateChannel => 0;

    /// <summary>Whether the node reads no console input (it never does).</summary>
    public bool Headless => true;

    /// <summary>Whether the IPC server runs (it answers this).</summary>
    public bool IPC => true;
}

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
