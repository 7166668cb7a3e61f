using ActorRpc.Actors.Diagnostics;
using ActorRpc.Actors.Router;
using ActorRpc.Actors.Runtime;
using ActorRpc.PluginSdk;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Hosting;

/// <summary>
/// The core as registrations in a host's container, on Akka.Hosting: the actor system (<c>AddAkka</c>, with the
/// node's Akka settings and the file's <c>akka { }</c> section), the router, and the core's actors, which start
/// with the system (and are in its <see cref="ActorRegistry"/> as <see cref="CoreActors.Bots"/> and
/// <see cref="CoreActors.Plugins"/>). Gateways and the cluster take <see cref="ICommandRouter"/> or
/// <see cref="CommandRouter"/> and the <see cref="ActorSystem"/> from the same container.
/// </summary>
public static class CoreHostingExtensions
{
    /// <summary>Adds the actor system named <paramref name="systemName"/> and the core.</summary>
    /// <param name="services">The host's container.</param>
    /// <param name="systemName">The actor system's name (the node's name).</param>
    /// <param name="options">The core's settings, made from the container.</param>
    /// <param name="builtInPlugins">Plugins compiled into the node.</param>
    /// <param name="akkaHocon">HOCON over <see cref="ActorSystems.BaseHocon"/> (the node file's <c>akka { }</c> section); empty for none.</param>
    public static IServiceCollection AddActorRpcCore(this IServiceCollection services, string systemName, Func<IServiceProvider, CoreOptions> options,
        IReadOnlyList<IPlugin> builtInPlugins, string akkaHocon = "")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(builtInPlugins);
        services.AddAkka(systemName, (akka, provider) =>
        {
            akka.AddHocon(ActorSystems.BaseConfig, HoconAddMode.Append)
                .AddSetup(new LoggerFactorySetup(provider.GetRequiredService<ILoggerFactory>()))
                // The router (a singleton below) creates the core's actors: resolving it starts them with the system.
                .WithActors((system, registry, resolver) =>
                {
                    ActorRpcMetrics.Track(system);
                    resolver.GetService<CommandRouter>();
                });
            if (!string.IsNullOrWhiteSpace(akkaHocon))
            {
                akka.AddHocon(akkaHocon, HoconAddMode.Prepend);
            }
        });
        services.AddSingleton(provider => NodeCore.Start(
            provider.GetRequiredService<ActorSystem>(),
            provider.GetRequiredService<ILoggerFactory>(),
            options(provider),
            builtInPlugins,
            provider.GetService<INodeLifetime>()));
        services.AddSingleton<ICommandRouter>(provider => provider.GetRequiredService<CommandRouter>());
        return services;
    }
}

/// <summary>Keys of the core's actors in the system's <see cref="ActorRegistry"/> (<c>IRequiredActor&lt;CoreActors.Bots&gt;</c>).</summary>
public static class CoreActors
{
    /// <summary>The bots' parent, <c>/user/router</c>.</summary>
    public sealed class Bots;

    /// <summary>The plugin host, <c>/user/plugins</c>.</summary>
    public sealed class Plugins;
}
