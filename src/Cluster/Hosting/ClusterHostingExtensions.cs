using ActorRpc.Actors.Router;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Cluster.Hosting;

/// <summary>The cluster as a registration in the node's container (beside <c>AddActorRpcCore</c> and the gateways).</summary>
public static class ClusterHostingExtensions
{
    /// <summary>
    /// Joins the cluster when the host starts and leaves it when the host stops. Register it after the core (whose
    /// <see cref="CoreOptions.BotsPlacedByCluster"/> must be set) and before the gateways: hosted services start in
    /// registration order and stop in reverse, so the node has joined before its gateways open and leaves after they close.
    /// </summary>
    /// <param name="services">The host's container, holding the <see cref="CommandRouter"/>, the <see cref="ActorSystem"/> and an <see cref="ILoggerFactory"/>.</param>
    /// <param name="settings">The cluster's settings.</param>
    public static IServiceCollection AddActorRpcCluster(this IServiceCollection services, ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddHostedService(provider => new ClusterHostedService(
            provider.GetRequiredService<CommandRouter>(),
            provider.GetRequiredService<ActorSystem>(),
            provider.GetRequiredService<ILoggerFactory>(),
            settings));
        return services;
    }
}
