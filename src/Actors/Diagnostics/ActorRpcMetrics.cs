using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Actors.Runtime;
using ActorRpc.PluginSdk;

namespace ActorRpc.Actors.Diagnostics;

/// <summary>
/// The one <see cref="Meter"/> named <c>ActorRpc</c> and its instruments, named in OpenTelemetry style.
/// Anything reading <c>System.Diagnostics.Metrics</c> (dotnet-counters, dotnet-trace, OpenTelemetry, the
/// HTTP gateway's <c>/metrics</c>, which is OpenTelemetry's Prometheus exporter) sees them without further code.
/// </summary>
public static class ActorRpcMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ActorRpc";

    /// <summary>The runtime's own meter (.NET 9 and later), which every exporter of the node exports beside this one.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Bucket upper bounds for the histograms in seconds, 0.5 ms to 10 s (an exporter's defaults are for milliseconds).</summary>
    public static readonly IReadOnlyList<double> SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The advice every seconds histogram carries: exporters that honour advice (OpenTelemetry's) use these buckets.</summary>
    private static readonly InstrumentAdvice<double> s_seconds = new() { HistogramBucketBoundaries = SecondsBuckets };

    /// <summary>The meter.</summary>
    public static readonly Meter Meter = new(MeterName, typeof(ActorRpcMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Commands run, by command and result code.</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>("actorrpc.commands", "{command}", "Commands run, by command word and result code.");

    /// <summary>Command latency, by command and result code.</summary>
    public static readonly Histogram<double> CommandDuration = Meter.CreateHistogram("actorrpc.command.duration", "s", "How long commands took, by command word and result code.", tags: null, s_seconds);

    /// <summary>RPC method calls, by method and result code.</summary>
    public static readonly Counter<long> RpcCalls = Meter.CreateCounter<long>("actorrpc.rpc.calls", "{call}", "RPC method calls, by plugin::method and result code.");

    /// <summary>RPC call latency, by method and result code.</summary>
    public static readonly Histogram<double> RpcCallDuration = Meter.CreateHistogram("actorrpc.rpc.call.duration", "s", "How long RPC method calls took, by plugin::method and result code.", tags: null, s_seconds);

    /// <summary>Open TCP connections.</summary>
    public static readonly UpDownCounter<long> TcpConnections = Meter.CreateUpDownCounter<long>("actorrpc.tcp.connections", "{connection}", "Open TCP RPC connections.");

    /// <summary>Bots by lifecycle state.</summary>
    public static readonly UpDownCounter<long> Bots = Meter.CreateUpDownCounter<long>("actorrpc.bots", "{bot}", "Bots by lifecycle state.");

    /// <summary>Cluster deliveries this node took from shard and method queues, by kind (bot, method, probe), whether redelivered, and node (its name: nodes sharing a process, as in the benchmark, stay apart).</summary>
    public static readonly Counter<long> ClusterDeliveries = Meter.CreateCounter<long>("actorrpc.cluster.deliveries", "{message}", "Requests this node took from the cluster's queues, by kind, redelivered and node.");

    /// <summary>Shards this node handed over to another node.</summary>
    public static readonly Counter<long> ClusterHandOvers = Meter.CreateCounter<long>("actorrpc.cluster.handovers", "{shard}", "Shards this node handed over to another node, by node.");

    /// <summary>Live actor systems, whose dead letters are reported.</summary>
    private static readonly ConcurrentDictionary<ActorSystem, byte> s_systems = new();

    static ActorRpcMetrics()
    {
        Meter.CreateObservableCounter("actorrpc.dead_letters", () => s_systems.Keys.Sum(DeadLetters.Of), "{message}", "Messages that could not be delivered.");
        Meter.CreateObservableUpDownCounter("actorrpc.mailbox.depth", () => s_systems.Keys.Sum(s => DepthCountingMailbox.Read(s).Total), "{message}", "User messages waiting in all actor mailboxes.");
        Meter.CreateObservableGauge("actorrpc.mailbox.depth.max", () => s_systems.Keys.Select(s => DepthCountingMailbox.Read(s).Deepest).DefaultIfEmpty(0).Max(), "{message}", "User messages waiting in the deepest actor mailbox.");
    }

    /// <summary>Reports <paramref name="system"/>'s dead letters until it terminates.</summary>
    public static void Track(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (!s_systems.TryAdd(system, 0))
        {
            return;
        }
        DeadLetters.Count(system);
        system.WhenTerminated.ContinueWith(_ => s_systems.TryRemove(system, out byte _), TaskScheduler.Default);
    }

    /// <summary>The tag value of a result code: its protocol name, e.g. <c>CR_OK</c>.</summary>
    public static string CodeTag(CommandResultCode code) => code switch
    {
        CommandResultCode.LinkFailure => "CR_LINK_FAILURE",
        CommandResultCode.NeedsConsole => "CR_NEEDS_CONSOLE",
        CommandResultCode.NotImplemented => "CR_NOT_IMPLEMENTED",
        CommandResultCode.Ok => "CR_OK",
        CommandResultCode.Failure => "CR_FAILURE",
        CommandResultCode.WrongUsage => "CR_WRONG_USAGE",
        CommandResultCode.NotFound => "CR_NOT_FOUND",
        _ => "CR_" + ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
