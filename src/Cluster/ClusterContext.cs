using ActorRpc.Actors.Router;
using ActorRpc.Cluster.Records;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Cluster;

/// <summary>What the cluster's actors share: the connection, the two streams, this node's bots, the settings.</summary>
internal sealed record ClusterContext(
    ClusterSettings Settings,
    RabbitLink Link,
    ClusterRegistry Registry,
    ResultLog Results,
    LocalBots LocalBots,
    ILoggerFactory Logs)
{
    /// <summary>The queue of shard <paramref name="shard"/>.</summary>
    public string ShardQueue(int shard) => $"{Settings.Prefix}.shard.{shard:D2}";

    /// <summary>The fanout exchange of membership heartbeats.</summary>
    public string MembersExchange => $"{Settings.Prefix}.members";

    /// <summary>The queue of method <c>plugin::method</c>.</summary>
    public string MethodQueue(string plugin, string method) => $"{Settings.Prefix}.method.{plugin}::{method}";
}
