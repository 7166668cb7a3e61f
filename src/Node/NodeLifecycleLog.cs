using ActorRpc.Actors.Kernel;
using ActorRpc.Actors.Router;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Node;

/// <summary>Says when the node is ready and when it has stopped: the lines operators and tests wait for.</summary>
internal sealed class NodeLifecycleLog(ActorSystem system, ICommandRouter router, IHostApplicationLifetime lifetime, ILogger<NodeLifecycleLog> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // "ready" means ready: plugins and bots are loaded before the host reports started.
        await router.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!router.CommandsAllowed)
        {
            log.LogWarning("No owner is configured (owner-id = 0): command access is prohibited. Start with --owner-id N to allow commands");
        }
        lifetime.ApplicationStarted.Register(() => log.LogInformation(
            "ActorRpc node {Node} ready (actor system {System} up; {Bots} bots, {Plugins} plugins)",
            system.Name, system.Name, router.Table.Bots.Count, router.Table.Plugins.Count));
        lifetime.ApplicationStopping.Register(() => log.LogInformation("ActorRpc node {Node} stopping", system.Name));
        lifetime.ApplicationStopped.Register(() => log.LogInformation("ActorRpc node {Node} stopped", system.Name));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
