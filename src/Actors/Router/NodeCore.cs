using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Actors.Runtime;
using Akka.Actor;
using Akka.Hosting;
using ActorRpc.Actors.Hosting;
using ActorRpc.Actors.Plugins;
using ActorRpc.PluginSdk;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Router;

/// <summary>Starts a node's core in an actor system: the bots under <c>/user/router</c>, the plugins under <c>/user/plugins</c>, and the router over them.</summary>
public static class NodeCore
{
    /// <summary>Creates the core's actors and returns the router the gateways use.</summary>
    /// <param name="system">The node's actor system.</param>
    /// <param name="logs">Where the core's actors log.</param>
    /// <param name="options">The core's settings.</param>
    /// <param name="builtInPlugins">Plugins compiled into the node.</param>
    /// <param name="lifetime">What <c>exit</c> stops; null when commands may not stop the process.</param>
    public static CommandRouter Start(ActorSystem system, ILoggerFactory logs, CoreOptions options, IReadOnlyList<IPlugin> builtInPlugins, INodeLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(options);
        ActorRpcMetrics.Track(system);
        ActorSystems.StartScheduler(system);
        var table = new RoutingTableHolder();
        var plugins = system.ActorOf(
            ActorProps.Of(() => new PluginHostActor(builtInPlugins, options.PluginsDirectory, table, options.MaxConcurrentCalls, options.MaxQueuedCallsPerMethod, logs)),
            "plugins");
        var directory = options.BotsPlacedByCluster ? null : new BotsDirectory(options.BotsDirectory);
        var bots = system.ActorOf(ActorProps.Of(() => new BotsActor(directory, table, logs)), "router");
        var registry = ActorRegistry.For(system);
        registry.TryRegister<CoreActors.Bots>(bots);
        registry.TryRegister<CoreActors.Plugins>(plugins);
        // Both actors load in PreStart, which runs before any message: their answers to Identify mean "loaded".
        var ready = Task.WhenAll(
            plugins.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromMinutes(5)),
            bots.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromMinutes(5)));
        return new CommandRouter(table, bots, plugins, options, lifetime, logs.CreateLogger("ActorRpc.Router"), ready,
            new LocalBots(table, bots, options));
    }
}
