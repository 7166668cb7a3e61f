using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Node;

/// <summary>
/// Joins the cluster when the node starts (before the gateways open, so they route through it from their first
/// request) and leaves it gracefully when the node stops (after the gateways closed, so the hand-over is the
/// last thing the node does).
/// </summary>
internal sealed class NodeCluster(CommandRouter router, ActorSystem system, ILoggerFactory logs, NodeOptions options) : IHostedService
{
    private ClusterNode? _node;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await JoinAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or ClusterUnavailableException)
        {
            // The host's start token is cancelled by a stop request: the node stops without having joined, which is no failure.
        }
    }

    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        var cluster = options.Cluster;
        _node = await ClusterNode.JoinAsync(router, system, logs, new ClusterSettings
        {
            RabbitMqUri = new Uri(cluster.RabbitMqUri!),
            NodeName = options.NodeName,
            Shards = cluster.Shards,
            HeartbeatInterval = cluster.HeartbeatInterval,
            FailureTimeout = cluster.FailureTimeout,
            BrokerHeartbeat = cluster.BrokerHeartbeat,
            RequestTimeout = cluster.RequestTimeout,
            ResultRetention = cluster.ResultRetention,
            RegistrySnapshotEvery = cluster.RegistrySnapshotEvery,
            SeedBotsDirectory = options.BotsDirectory,
            MethodPrefetch = (ushort)Math.Clamp(options.MaxConcurrentCalls, 1, ushort.MaxValue),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is not null)
        {
            await _node.LeaveAsync().ConfigureAwait(false);
        }
    }
}
