using ActorRpc.Actors.Plugins;
using ActorRpc.PluginSdk;
using Google.Protobuf;

namespace ActorRpc.Actors.Router;

/// <summary>Spreads method calls over the nodes that export the method (a cluster); the router asks it first.</summary>
public interface IRemoteMethods
{
    /// <summary>Starts <paramref name="method"/>'s call through the cluster; null when the call runs on this node as usual.</summary>
    Task<MethodCallResult>? TryCall(RpcMethod method, IMessage input, ICommandOutput output, CancellationToken cancellationToken);
}

/// <summary>The nodes a router knows of: itself alone, or the cluster's live members.</summary>
public interface IClusterView
{
    /// <summary>The live members, this node among them, in name order.</summary>
    IReadOnlyList<ClusterMember> Members { get; }

    /// <summary>
    /// Why this node cannot serve cluster requests now (its broker connection is down or being restored, or the
    /// others do not count it a member), or null when it can.
    /// </summary>
    string? Unavailable { get; }
}

/// <summary>One node as the cluster sees it.</summary>
/// <param name="NodeName">Its name.</param>
/// <param name="Version">Its ActorRpc version.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Self">True for the node answering.</param>
/// <param name="Bots">The bots it hosts, in name order.</param>
/// <param name="Shards">The shards it serves, in order (empty on a lone node).</param>
/// <param name="Plugins">The plugins it has loaded, in name order.</param>
/// <param name="CommandsRun">
/// The commands its router has run since it started (<see cref="ICommandRouter.CommandsRun"/>); another member's as of
/// its last heartbeat, 0 from a node too old to send it.
/// </param>
public sealed record ClusterMember(
    string NodeName,
    string Version,
    DateTimeOffset StartedAt,
    bool Self,
    IReadOnlyList<string> Bots,
    IReadOnlyList<int> Shards,
    IReadOnlyList<string> Plugins,
    long CommandsRun);
