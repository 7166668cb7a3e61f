using Akka.Actor;
using ActorRpc.Actors.Router;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Node;

/// <summary>Says when the node is ready and when it has stopped: the lines operators and tests wait for.</summary>
internal sealed class NodeLifecycleLog : IHostedService
{
    /// <summary>The node's actor system (its name is the node's).</summary>
    private readonly ActorSystem _system;

    /// <summary>Whose loading "ready" waits for.</summary>
    private readonly ICommandRouter _router;

    /// <summary>The host's start and stop events.</summary>
    private readonly IHostApplicationLifetime _lifetime;

    /// <summary>Where the lines go.</summary>
    private readonly ILogger<NodeLifecycleLog> _log;

    /// <summary>Orders the "stopping" and "ready" lines (the host raises its events on different threads).</summary>
    private readonly Lock _order = new();

    /// <summary>Whether "stopping" was logged.</summary>
    private bool _stopping;

    public NodeLifecycleLog(ActorSystem system, ICommandRouter router, IHostApplicationLifetime lifetime, ILogger<NodeLifecycleLog> log)
    {
        (_system, _router, _lifetime, _log) = (system, router, lifetime, log);
        // Registered when the host resolves its services, before any starts: a stop during start-up is still reported.
        lifetime.ApplicationStopping.Register(() =>
        {
            // Under the lock the "ready" line is written under: a stop that comes while the host reports started is
            // logged either before "ready" (which is then not written) or after it, never with "ready" after "stopping".
            lock (_order)
            {
                _stopping = true;
                log.LogInformation("ActorRpc node {Node} stopping", system.Name);
            }
        });
        lifetime.ApplicationStopped.Register(() => log.LogInformation("ActorRpc node {Node} stopped", system.Name));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // "ready" means ready: plugins and bots are loaded before the host reports started.
            await _router.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's start token is cancelled by a stop request (Ctrl+C, SIGTERM): the stop that follows is the answer, not a failure.
            return;
        }
        if (!_router.CommandsAllowed)
        {
            _log.LogWarning("No owner is configured (owner-id = 0): command access is prohibited. Start with --owner-id N to allow commands");
        }
        _lifetime.ApplicationStarted.Register(() =>
        {
            // The host reports started even when a stop came in meanwhile; such a node is not ready.
            lock (_order)
            {
                if (!_stopping && !_lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    _log.LogInformation("ActorRpc node {Node} ready (actor system {System} up; {Bots} bots, {Plugins} plugins)",
                        _system.Name, _system.Name, _router.Table.Bots.Count, _router.Table.Plugins.Count);
                }
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
