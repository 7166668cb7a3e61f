using ActorRpc.Actors.Diagnostics;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Runtime;

/// <summary>
/// The Akka settings every ActorRpc actor system runs with, hosted (the node, through Akka.Hosting) or not
/// (tests, benchmarks): Akka's log events through Microsoft.Extensions.Logging, and the mailbox that lets the
/// mailbox-depth metrics be read. A node's <c>akka { }</c> configuration section comes on top of these.
/// </summary>
public static class ActorSystems
{
    /// <summary>The Akka keys we set, and why (the README's configuration section lists them too).</summary>
    public const string BaseHocon = """
        akka {
          # Akka's events go to the node's ILoggerFactory (AkkaLogger), nowhere else.
          loggers = ["ActorRpc.Actors.Runtime.AkkaLogger, ActorRpc.Actors"]
          loglevel = INFO
          stdout-loglevel = WARNING
          # Lost messages are counted (actorrpc.dead_letters) and their first lines logged, not one line each.
          log-dead-letters = 10
          log-dead-letters-during-shutdown = off
          actor {
            # Akka's unbounded queue, registered so actorrpc.mailbox.depth and .max can be read.
            default-mailbox.mailbox-type = "ActorRpc.Actors.Runtime.DepthCountingMailbox, ActorRpc.Actors"
          }
          # The node's host decides when to stop; Akka does not install its own exit hooks.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    /// <summary><see cref="BaseHocon"/> parsed.</summary>
    public static Config BaseConfig { get; } = ConfigurationFactory.ParseString(BaseHocon);

    /// <summary>The setup for a system whose Akka logs go to <paramref name="logs"/>, with <paramref name="config"/> (if any) over the base.</summary>
    public static ActorSystemSetup Setup(ILoggerFactory logs, Config? config = null) =>
        BootstrapSetup.Create()
            .WithConfig(config is null ? BaseConfig : config.WithFallback(BaseConfig))
            .And(new LoggerFactorySetup(logs));

    /// <summary>A new, metered actor system (tests and benchmarks; the node's comes from Akka.Hosting).</summary>
    public static ActorSystem Create(string name, ILoggerFactory logs, Config? config = null)
    {
        var system = ActorSystem.Create(name, Setup(logs, config));
        ActorRpcMetrics.Track(system);
        return system;
    }

    /// <summary>
    /// Starts <paramref name="system"/>'s scheduler now, from the calling thread. Akka 1.5.75 starts its timer loop on
    /// first use, as a thread-pool task, and blocks the first callers until it runs. When hundreds of bots arm their
    /// behaviour timers at once, every pool thread blocks there and the loop's own task waits behind them in the
    /// pool's queue: the node stalls for minutes (seen as a SIGTERM during start-up that never finished). Called
    /// before the first actor that uses timers starts.
    /// </summary>
    public static void StartScheduler(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, static () => { });
    }
}
