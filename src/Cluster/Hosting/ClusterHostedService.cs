using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Cluster.Hosting;

/// <summary>
/// Joins the cluster when the node starts (before the gateways open, so they route through it from their first
/// request) and leaves it gracefully when the node stops (after the gateways closed, so the hand-over is the
/// last thing the node does).
/// </summary>
internal sealed class ClusterHostedService(CommandRouter router, ActorSystem system, ILoggerFactory logs, ClusterSettings settings) : IHostedService
{
    private ClusterNode? _node;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _node = await ClusterNode.JoinAsync(router, system, logs, settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or ClusterUnavailableException)
        {
            // The host's start token is cancelled by a stop request: the node stops without having joined, which is no failure.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is not null)
        {
            await _node.LeaveAsync().ConfigureAwait(false);
        }
    }
}
