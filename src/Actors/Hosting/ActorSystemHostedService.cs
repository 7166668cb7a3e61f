using ActorRpc.Actors.Kernel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Hosting;

/// <summary>Starts the actor system's actors with the host, terminates the system when the host stops, and stops the host if the system ends first.</summary>
internal sealed class ActorSystemHostedService(
    ActorSystem system,
    ActorRegistry registry,
    ActorSystemBuilder builder,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<ActorSystemHostedService> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var starter in builder.Starters)
        {
            starter(system, registry, services);
        }
        _ = system.WhenTerminated.ContinueWith(
            _ =>
            {
                if (!lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    log.LogCritical("Actor system {Name} terminated on its own; stopping the host", system.Name);
                    lifetime.StopApplication();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        log.LogDebug("Actor system {Name} started", system.Name);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await system.Terminate().WaitAsync(cancellationToken).ConfigureAwait(false);
            log.LogDebug("Actor system {Name} terminated", system.Name);
        }
        catch (OperationCanceledException)
        {
            log.LogWarning("Actor system {Name} did not terminate within the host's shutdown timeout", system.Name);
        }
    }
}
