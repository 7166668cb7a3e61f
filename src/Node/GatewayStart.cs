using Microsoft.Extensions.Hosting;

namespace ActorRpc.Node;

/// <summary>
/// Opens a gateway fully or not at all. The host's start token is its stopping token: a gateway cancelled half-way
/// would report a failed start; instead it finishes opening (a bind) and closes with the stop that follows.
/// </summary>
internal sealed class GatewayStart(IHostedService gateway, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        lifetime.ApplicationStopping.IsCancellationRequested ? Task.CompletedTask : gateway.StartAsync(CancellationToken.None);

    public Task StopAsync(CancellationToken cancellationToken) => gateway.StopAsync(cancellationToken);
}
