using ActorRpc.Protocol;
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
        if (options.Rpc.Enabled)
        {
            services.AddSingleton(provider => new TcpGateway(
                provider.GetRequiredService<ActorSystem>(),
                provider.GetRequiredService<ICommandRouter>(),
                new TcpGatewayOptions
                {
                    Port = options.Rpc.Port,
                    AllowRemote = options.Rpc.AllowRemote,
                    TrustedNetworks = options.Rpc.TrustedNetworks,
                    MaxFrameSize = (int)Math.Min(options.Rpc.MaxFrameSize, WireFrames.MaxMessageSize),
                },
                provider.GetRequiredService<ILoggerFactory>()));
            services.AddHostedService(provider => provider.GetRequiredService<TcpGateway>());
        }
        if (options.Ipc.Enabled)
        {
            services.AddHttpGateway(new HttpGatewayOptions
            {
                Host = options.Ipc.Host,
                Port = options.Ipc.Port,
                Password = options.Ipc.Password,
                PasswordFormat = Enum.Parse<IpcPasswordFormat>(options.Ipc.PasswordFormat, ignoreCase: true),
                OwnerId = options.Ipc.OwnerId,
                CorsOrigins = options.Ipc.CorsOrigins,
                MaxBodySize = options.Ipc.MaxBodySize,
                TrustedNetworks = options.Ipc.TrustedNetworks,
                AllowedHosts = options.Ipc.AllowedHosts,
                AllowNonLoopbackWithoutPassword = options.Ipc.AllowNonLoopbackWithoutPassword,
                MetricsOpen = options.Ipc.MetricsOpen,
                WebConsole = options.Ipc.WebConsole,
                WebRoot = options.Ipc.WebRoot,
                StorageFile = Path.Combine(options.BotsDirectory, ".ipc-storage.json"),
                MaxConcurrentRequests = options.Ipc.MaxConcurrentRequests,
            });
        }
        return services;
    }
}
