using System.Globalization;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Actors.Runtime;
using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ActorRpc.Testing;

/// <summary>
/// Akka.TestKit for xunit, set up the way the node runs: a fresh actor system per test with the node's Akka settings
/// (<see cref="ActorSystems"/>: the mailbox the depth metrics read, Akka's logs through an
/// <see cref="ILoggerFactory"/>), metered, and <c>ACTORRPC_TEST_TIMEFACTOR</c> as <c>akka.test.timefactor</c> so
/// every expectation and <c>Dilated</c> stretches on a slow machine.
/// </summary>
public abstract class ActorRpcTestKit : Akka.TestKit.Xunit2.TestKit
{
    static ActorRpcTestKit()
    {
        // Tests block threads (sync waits on sockets and asks); a thread pool that grows one thread a second makes them slow.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);
    }

    /// <summary>A test's actor system; its Akka and product logs go to <paramref name="logs"/>, else to <paramref name="output"/>, else nowhere.</summary>
    protected ActorRpcTestKit(ITestOutputHelper? output = null, ILoggerFactory? logs = null)
        : base(SetupFor(output, logs), "test", output)
    {
        Logs = Sys.Settings.Setup.Get<LoggerFactorySetup>().Value?.LoggerFactory ?? NullLoggerFactory.Instance;
        ActorRpcMetrics.Track(Sys);
    }

    /// <summary>Where the test's actors log (hand it to the product's constructors that take an <see cref="ILoggerFactory"/>).</summary>
    protected ILoggerFactory Logs { get; }

    /// <summary><c>akka.test.timefactor</c> from <c>ACTORRPC_TEST_TIMEFACTOR</c>.</summary>
    public static Config TimeFactorConfig { get; } = ConfigurationFactory.ParseString(
        "akka.test.timefactor = " + TestKitTimeouts.TimeFactor.ToString(CultureInfo.InvariantCulture));

    private static ActorSystemSetup SetupFor(ITestOutputHelper? output, ILoggerFactory? logs) =>
        ActorSystems.Setup(logs ?? (output is null ? NullLoggerFactory.Instance : new XunitLoggerFactory(output)), TimeFactorConfig);
}
