using ActorRpc.Actors.Runtime;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Benchmarks;

/// <summary>What a metrics scenario's connection sends.</summary>
internal enum MetricsCall
{
    /// <summary>GetVersion (core method 5): answered by the connection actor, records nothing.</summary>
    GetVersion,

    /// <summary>RunCommand <c>version</c> (core method 1): the router records <c>actorrpc.commands</c> and <c>actorrpc.command.duration</c>.</summary>
    RunCommand,

    /// <summary><c>sample::echo</c> bound on the connection (StringMessage → StringMessage): the router records <c>actorrpc.rpc.calls</c> and <c>actorrpc.rpc.call.duration</c>.</summary>
    RpcEcho,
}

/// <summary>One ping-pong scenario of the metrics section.</summary>
/// <param name="Name">The scenario's name in the table.</param>
/// <param name="Call">What each round trip sends.</param>
/// <param name="RoundTrips">Round trips of one timed run (one connection, one request at a time).</param>
/// <param name="Records">The measurements a round trip records when metrics are on (series key → count per round trip); empty for none.</param>
internal sealed record MetricsScenario(string Name, MetricsCall Call, long RoundTrips, IReadOnlyDictionary<string, long> Records);

/// <summary>One timed run: the sample (wall time, allocations, gen2 collections) and the process's CPU time meanwhile.</summary>
internal readonly record struct MetricsRun(Sample Sample, TimeSpan Cpu);

/// <summary>The timed runs of one mode (metrics OFF or ON) of one scenario.</summary>
internal sealed record MetricsModeResult(string Scenario, string Mode, long RoundTripsPerRun, IReadOnlyList<MetricsRun> Runs)
{
    public ThroughputResult Throughput { get; } = new(Scenario, Mode, 1, RoundTripsPerRun, [.. Runs.Select(static r => r.Sample)]);

    public double RoundTripsPerSecond => Throughput.RoundTripsPerSecond;

    public double MicrosecondsPerRoundTrip => Throughput.NanosecondsPerRoundTrip / 1000;

    /// <summary>The median of the runs' process CPU time per round trip (client, gateway and node share the process).</summary>
    public double CpuMicrosecondsPerRoundTrip => Runs.Select(static r => r.Cpu.TotalMicroseconds).Order().ElementAt(Runs.Count / 2) / RoundTripsPerRun;
}

/// <summary>A scenario's OFF and ON results, and what the exporter saw during the ON runs.</summary>
/// <param name="Recorded">Measurements recorded per round trip during the timed ON runs (checked against the scenario's).</param>
/// <param name="RecordedMeanMicroseconds">The mean of the duration histogram over the timed ON runs, in µs (what the router measured), or null.</param>
internal sealed record MetricsComparison(MetricsScenario Scenario, MetricsModeResult Off, MetricsModeResult On, double Recorded, double? RecordedMeanMicroseconds)
{
    /// <summary>ON round trips/s ÷ OFF round trips/s.</summary>
    public double Ratio => On.RoundTripsPerSecond / Off.RoundTripsPerSecond;

    public double CpuRatio => On.CpuMicrosecondsPerRoundTrip / Off.CpuMicrosecondsPerRoundTrip;

    /// <summary>"&lt; 5 % apart": ON within 5 % of OFF either way (faster by more than that is noise, not a pass).</summary>
    public bool Passed => Math.Abs(Ratio - 1) < MetricsScenarios.TargetApart;
}

/// <summary>The cost of one <c>Record</c> of the router in isolation (a counter add and a histogram record with two tags), OFF and ON.</summary>
internal sealed record RecordCostResult(long Calls, double OffNanoseconds, double OnNanoseconds, double OffBytes, double OnBytes);

/// <summary>
/// The metrics section: the real TCP gateway in process (<see cref="GatewayNode"/>), one connection per scenario,
/// ping-pong round trips with metrics OFF (no listener on the <c>ActorRpc</c> meter: its instruments are disabled and
/// recording is a no-op) and ON (<see cref="BenchMetricsExporter"/> enabled on every instrument of that meter),
/// alternating on the same connection. Every timed run is checked by a scrape afterwards: ON must have recorded exactly
/// the scenario's measurements per round trip, OFF nothing.
/// </summary>
internal sealed class MetricsScenarios : IAsyncDisposable
{
    /// <summary>The issue's target: metrics ON within this share of metrics OFF.</summary>
    public const double TargetApart = 0.05;

    private readonly GatewayNode _gateway;

    private readonly BenchMetricsExporter _exporter = new(ActorRpcMetrics.MeterName);

    private MetricsScenarios(GatewayNode gateway) => _gateway = gateway;

    public long DeadLetters => Actors.Runtime.DeadLetters.Of(_gateway.System);

    /// <summary>Instruments of the <c>ActorRpc</c> meter the ON listener enabled.</summary>
    public int EnabledInstruments => _exporter.Instruments;

    public static async Task<MetricsScenarios> StartAsync(TimeSpan timeout) =>
        new(await GatewayNode.StartAsync(timeout).ConfigureAwait(false));

    /// <summary>Something other than this section listens to the meter (e.g. dotnet-counters): OFF would not be off.</summary>
    public static bool OtherListener =>
        ActorRpcMetrics.Commands.Enabled || ActorRpcMetrics.CommandDuration.Enabled || ActorRpcMetrics.RpcCalls.Enabled || ActorRpcMetrics.RpcCallDuration.Enabled;

    /// <summary>The section's scenarios: GetVersion (records nothing: the noise floor), RunCommand <c>version</c>, RPC <c>sample::echo</c>.</summary>
    public static IReadOnlyList<MetricsScenario> Scenarios(long roundTrips) =>
    [
        new("GetVersion ping-pong", MetricsCall.GetVersion, roundTrips, new Dictionary<string, long>()),
        new("RunCommand `version` ping-pong", MetricsCall.RunCommand, roundTrips, new Dictionary<string, long>
        {
            ["actorrpc.command.duration{code=CR_OK,command=version}"] = 1,
            ["actorrpc.commands{code=CR_OK,command=version}"] = 1,
        }),
        new("RPC sample::echo ping-pong", MetricsCall.RpcEcho, roundTrips, new Dictionary<string, long>
        {
            ["actorrpc.rpc.call.duration{code=CR_OK,rpc.method=sample::echo}"] = 1,
            ["actorrpc.rpc.calls{code=CR_OK,rpc.method=sample::echo}"] = 1,
        }),
    ];

    /// <summary>
    /// One scenario on one fresh connection: its request checked once OFF and once ON, a warm-up of a fifth of a run
    /// in each mode, then <paramref name="repeats"/> timed runs of each, alternating OFF, ON, OFF, ON, ...
    /// </summary>
    public async Task<MetricsComparison> CompareAsync(MetricsScenario scenario, int repeats, TimeSpan timeout)
    {
        using var connection = await BenchConnection.OpenAsync(_gateway.Port, CancellationToken.None).WaitAsync(timeout).ConfigureAwait(false);
        BenchConnection[] connections = [connection];
        var request = await PrepareAsync(scenario, connection, timeout).ConfigureAwait(false);

        SetMode(on: false);
        await TcpScenarios.CheckFirstCallAsync($"{scenario.Name}, metrics OFF", connection, request, timeout).ConfigureAwait(false);
        SetMode(on: true);
        await TcpScenarios.CheckFirstCallAsync($"{scenario.Name}, metrics ON", connection, request, timeout).ConfigureAwait(false);

        var warmup = Math.Max(1, scenario.RoundTrips / 5);
        foreach (var on in new[] { false, true })
        {
            SetMode(on);
            await TcpScenarios.RunAsync($"{scenario.Name}, {Mode(on)} (warm-up)", connections, request, 1, warmup, timeout).ConfigureAwait(false);
        }

        var off = new List<MetricsRun>(repeats);
        var onRuns = new List<MetricsRun>(repeats);
        long recorded = 0;
        double durationSum = 0;
        long durationCount = 0;
        for (var i = 0; i < repeats; i++)
        {
            foreach (var on in new[] { false, true })
            {
                SetMode(on);
                var before = _exporter.Scrape();
                var run = await TimeAsync(() => TcpScenarios.RunAsync($"{scenario.Name}, {Mode(on)}", connections, request, 1, scenario.RoundTrips, timeout)).ConfigureAwait(false);
                var after = _exporter.Scrape();
                var delta = after.CountsSince(before);
                Check(scenario, on, delta);
                if (on)
                {
                    onRuns.Add(run);
                    recorded += delta.Values.Sum();
                    foreach (var key in scenario.Records.Keys.Where(static k => k.Contains(".duration{", StringComparison.Ordinal)))
                    {
                        durationSum += after.SumSince(before, key);
                        durationCount += delta[key];
                    }
                }
                else
                {
                    off.Add(run);
                }
            }
        }
        SetMode(on: false);
        connection.Dispose();
        await WaitForNoConnectionsAsync(timeout).ConfigureAwait(false);
        return new MetricsComparison(
            scenario,
            new MetricsModeResult(scenario.Name, "OFF (no listener)", scenario.RoundTrips, off),
            new MetricsModeResult(scenario.Name, "ON (listener)", scenario.RoundTrips, onRuns),
            (double)recorded / (scenario.RoundTrips * repeats),
            durationCount > 0 ? durationSum / durationCount * 1e6 : null);
    }

    /// <summary>
    /// The router's <c>Record</c> alone, replicated on a meter of the benchmark's own with the same instruments
    /// (a <c>Counter&lt;long&gt;</c> and a <c>Histogram&lt;double&gt;</c> in seconds) and the same two tags built the same
    /// way; one thread, <paramref name="calls"/> records per run, a warm-up then five runs of each mode alternating.
    /// </summary>
    public static RecordCostResult RecordCost(long calls)
    {
        using var meter = new Meter("ActorRpc.Benchmarks.RecordCost");
        var count = meter.CreateCounter<long>("bench.commands", "{command}");
        var duration = meter.CreateHistogram<double>("bench.command.duration", "s");
        using var exporter = new BenchMetricsExporter(meter.Name);
        var off = new List<Sample>();
        var on = new List<Sample>();
        for (var i = -1; i < 5; i++)
        {
            foreach (var mode in new[] { false, true })
            {
                if (mode)
                {
                    exporter.Start();
                }
                else
                {
                    exporter.Stop();
                }
                if (count.Enabled != mode || duration.Enabled != mode)
                {
                    throw new BenchmarkFailedException($"record cost: the instruments are {(count.Enabled ? "enabled" : "disabled")} with metrics {Mode(mode)}.");
                }
                var sample = Measure.TimeAsync(() =>
                {
                    Loop(count, duration, i < 0 ? calls / 5 : calls);
                    return Task.CompletedTask;
                }).GetAwaiter().GetResult();
                if (i >= 0)
                {
                    (mode ? on : off).Add(sample);
                }
            }
        }
        exporter.Stop();
        var expected = calls * 5 + calls / 5;
        var counted = exporter.Scrape().Counts.Where(static c => c.Key.StartsWith("bench.commands{", StringComparison.Ordinal)).Sum(static c => c.Value);
        if (counted != expected)
        {
            throw new BenchmarkFailedException($"record cost: the exporter counted {counted} commands, expected {expected} (the ON runs').");
        }
        var offResult = new ThroughputResult("record", "OFF", 1, calls, off);
        var onResult = new ThroughputResult("record", "ON", 1, calls, on);
        return new RecordCostResult(calls, offResult.NanosecondsPerRoundTrip, onResult.NanosecondsPerRoundTrip, offResult.BytesPerRoundTrip, onResult.BytesPerRoundTrip);

        static void Loop(Counter<long> count, Histogram<double> duration, long calls)
        {
            for (var n = 0L; n < calls; n++)
            {
                var started = Stopwatch.GetTimestamp();
                // CommandRouter.Record, word for word (it is private): a TagList of the command word and the code's tag.
                var tags = new TagList { { "command", "version" }, { "code", ActorRpcMetrics.CodeTag(CommandResultCode.Ok) } };
                count.Add(1, tags);
                duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            }
        }
    }

    private static string Mode(bool on) => on ? "ON" : "OFF";

    /// <summary>Waits until the gateway has closed the scenario's connection, so the next scenario starts alone.</summary>
    private async Task WaitForNoConnectionsAsync(TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        while (await _gateway.Gateway.CountConnectionsAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false) is var open && open != 0)
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new BenchmarkFailedException($"the gateway still reports {open} open connections {timeout.TotalSeconds:0} s after the scenario closed its own.");
            }
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Attaches or detaches the exporter's listener and checks that the router's instruments follow.</summary>
    private void SetMode(bool on)
    {
        if (on)
        {
            _exporter.Start();
        }
        else
        {
            _exporter.Stop();
        }
        var enabled = ActorRpcMetrics.Commands.Enabled && ActorRpcMetrics.CommandDuration.Enabled && ActorRpcMetrics.RpcCalls.Enabled && ActorRpcMetrics.RpcCallDuration.Enabled;
        if (on ? !enabled : OtherListener)
        {
            throw new BenchmarkFailedException($"metrics {Mode(on)}: the router's instruments are {(on ? "not all enabled" : "still enabled (another listener?)")}.");
        }
    }

    /// <summary>A timed run failed its metrics: ON must record exactly the scenario's measurements per round trip, OFF none.</summary>
    private static void Check(MetricsScenario scenario, bool on, SortedDictionary<string, long> delta)
    {
        var expected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (on)
        {
            foreach (var (key, perRoundTrip) in scenario.Records)
            {
                expected[key] = perRoundTrip * scenario.RoundTrips;
            }
        }
        // Connection and bot lifecycle (up-down counters) are not per call: a closing connection of an earlier scenario may still report.
        foreach (var key in delta.Keys.Where(static k => k.StartsWith("actorrpc.tcp.connections{", StringComparison.Ordinal) || k.StartsWith("actorrpc.bots{", StringComparison.Ordinal)).ToList())
        {
            delta.Remove(key);
        }
        if (!delta.SequenceEqual(expected))
        {
            throw new BenchmarkFailedException(
                $"{scenario.Name}, metrics {Mode(on)}: the exporter saw [{Format(delta)}] during the run, expected [{Format(expected)}].");
        }

        static string Format(SortedDictionary<string, long> series) => string.Join(", ", series.Select(static s => $"{s.Key} +{s.Value}"));
    }

    /// <summary>The scenario's request: for GetVersion the body is learnt from one call, for RPC the method is bound on this connection first.</summary>
    private static async Task<TcpRequest> PrepareAsync(MetricsScenario scenario, BenchConnection connection, TimeSpan timeout)
    {
        switch (scenario.Call)
        {
            case MetricsCall.GetVersion:
            {
                var frame = TcpWire.Frame(TcpWire.GetVersion, []);
                var (_, body) = await TcpScenarios.CallOnceAsync(connection, frame).WaitAsync(timeout).ConfigureAwait(false);
                return new TcpRequest(frame, TextAllowed: false, body.Length, (text, result) =>
                    text.Length == 0 && StringMessage.Parser.ParseFrom(result).Value.StartsWith("ActorRpc ", StringComparison.Ordinal)
                        ? null
                        : $"text '{text}', RESULT body {Convert.ToHexString(result)}");
            }
            case MetricsCall.RunCommand:
                return new TcpRequest(
                    TcpWire.Frame(TcpWire.RunCommand, new CoreRunCommandRequest { Command = "version" }.ToByteArray()), TextAllowed: true, 0,
                    (text, result) => text.Contains("ActorRpc V", StringComparison.Ordinal) && result.Length == 0 ? null : $"text '{text}', RESULT body {Convert.ToHexString(result)}");
            default:
            {
                var bind = new CoreBindRequest
                {
                    Plugin = "sample",
                    Method = "echo",
                    InputMsg = StringMessage.Descriptor.FullName,
                    OutputMsg = StringMessage.Descriptor.FullName,
                };
                var (text, body) = await TcpScenarios.CallOnceAsync(connection, TcpWire.Frame(TcpWire.BindMethod, bind.ToByteArray())).WaitAsync(timeout).ConfigureAwait(false);
                var reply = CoreBindReply.Parser.ParseFrom(body);
                if (!reply.IsInitialized() || reply.AssignedId <= TcpWire.GetVersion || reply.AssignedId > short.MaxValue)
                {
                    throw new BenchmarkFailedException($"bind sample::echo: text '{text}', RESULT body {Convert.ToHexString(body)}.");
                }
                var expected = new StringMessage { Value = "x" }.ToByteArray();
                return new TcpRequest(
                    TcpWire.Frame((short)reply.AssignedId, expected), TextAllowed: false, expected.Length,
                    (text, result) => text.Length == 0 && result.AsSpan().SequenceEqual(expected) ? null : $"text '{text}', RESULT body {Convert.ToHexString(result)}");
            }
        }
    }

    /// <summary>As <see cref="Measure.TimeAsync"/> (collections first), with the process's CPU time over the run.</summary>
    private static async Task<MetricsRun> TimeAsync(Func<Task> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen2Before = GC.CollectionCount(2);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        await run().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new MetricsRun(new Sample(elapsed, allocated, GC.CollectionCount(2) - gen2Before), cpu);
    }

    public async ValueTask DisposeAsync()
    {
        _exporter.Dispose();
        await _gateway.DisposeAsync().ConfigureAwait(false);
    }
}
