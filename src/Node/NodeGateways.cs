using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http;
using ActorRpc.Gateways.Tcp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Node;

/// <summary>Registers the gateways the configuration turns on.</summary>
internal static class NodeGateways
{
    public static IServiceCollection AddGateways(this IServiceCollection services, NodeOptions options)
    {
        if (options.RpcEnabled)
        {
            services.AddSingleton(provider => new TcpGateway(
                provider.GetRequiredService<ActorSystem>(),
                provider.GetRequiredService<ICommandRouter>(),
                options.Rpc,
                provider.GetRequiredService<ILoggerFactory>()));
            services.AddHostedService(provider => provider.GetRequiredService<TcpGateway>());
        }
        if (options.IpcEnabled)
        {
            services.AddHttpGateway(options.Ipc);
        }
        return services;
    }
}
