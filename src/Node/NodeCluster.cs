using ActorRpc.Actors.Kernel;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Hosting;

namespace ActorRpc.Node;

/// <summary>
/// Joins the cluster when the node starts (before the gateways open, so they route through it from their first
/// request) and leaves it gracefully when the node stops (after the gateways closed, so the hand-over is the
/// last thing the node does).
/// </summary>
internal sealed class NodeCluster(ICommandRouter router, ActorSystem system, NodeOptions options) : IHostedService
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
        _node = await ClusterNode.JoinAsync((CommandRouter)router, system, new ClusterSettings
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
