using ActorRpc.Actors.Kernel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Node;

/// <summary>Says when the node is ready and when it has stopped: the lines operators and tests wait for.</summary>
internal sealed class NodeLifecycleLog(ActorSystem system, IHostApplicationLifetime lifetime, ILogger<NodeLifecycleLog> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => log.LogInformation("ActorRpc node {Node} ready (actor system {System} up)", system.Name, system.Name));
        lifetime.ApplicationStopping.Register(() => log.LogInformation("ActorRpc node {Node} stopping", system.Name));
        lifetime.ApplicationStopped.Register(() => log.LogInformation("ActorRpc node {Node} stopped", system.Name));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
