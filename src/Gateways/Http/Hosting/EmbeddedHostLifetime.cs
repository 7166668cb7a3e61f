using Microsoft.Extensions.Hosting;

namespace ActorRpc.Gateways.Http.Hosting;

/// <summary>
/// The lifetime of the gateway's web application inside the node's host: it does not listen for Ctrl+C or
/// SIGTERM (the node's host does, and stops the gateway as one of its services).
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
