using System.Diagnostics;
using ActorRpc.Actors.Diagnostics;
using Akka.Actor;

namespace ActorRpc.Benchmarks;

/// <summary>The metrics section: what the <c>ActorRpc</c> meter's metrics cost on the TCP hot path, off against on.</summary>
internal static partial class Program
{
    /// <summary>TCP ping-pong with metrics OFF and ON alternating in this process; true if a scenario failed.</summary>
    private static async Task<bool> RunMetricsSectionAsync(string[] args, BenchOptions options, List<string> written)
    {
        var report = new Report();
        WriteHeader(report, "ActorRpc metrics cost benchmark", args, options,
            $"- Node: `TcpGateway` in process (default options) over `NodeCore.Start` with the sample plugin built in, owner 1; one connection per scenario from the TCP section's client (a raw `Socket`, `NoDelay`, 127.0.0.1), the same connection for both modes; Akka settings as on a node (ActorSystems.BaseHocon)\n" +
            $"- Metrics OFF: no listener on the `{ActorRpcMetrics.MeterName}` meter, so its instruments are disabled and every `Add`/`Record` is a no-op (checked before every run: `Enabled` is false)\n" +
            $"- Metrics ON: OpenTelemetry's SDK (the `/metrics` of the HTTP gateway runs the same) on the `{ActorRpcMetrics.MeterName}` meter, with an in-memory exporter taking deltas (`BenchMetricsExporter`); a meter provider built before each ON run and disposed before each OFF run, its totals kept; read (a scrape) after every run, outside the timing");
        Console.Write(report.TakeNew());
        var wallClock = Stopwatch.StartNew();
        var failed = false;
        var loadBefore = LoadAverage();

        if (MetricsScenarios.OtherListener)
        {
            report.Note($"FAILED: something else in this process already listens to the `{ActorRpcMetrics.MeterName}` meter (dotnet-counters, dotnet-monitor, an exporter?): metrics cannot be turned off, nothing was measured.");
            failed = true;
        }

        MetricsScenarios? metrics = null;
        if (!failed)
        {
            try
            {
                Console.Error.WriteLine("running: metrics start gateway ...");
                metrics = await MetricsScenarios.StartAsync(s_runTimeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException or TimeoutException or IOException or System.Net.Sockets.SocketException)
            {
                failed = true;
                report.Note($"FAILED start: {ex.GetType().Name}: {ex.Message}");
            }
        }

        if (metrics is not null)
        {
            await using (metrics.ConfigureAwait(false))
            {
                var comparisons = new List<MetricsComparison>();
                foreach (var scenario in MetricsScenarios.Scenarios(options.MetricsRoundTrips))
                {
                    Console.Error.WriteLine($"running: metrics {scenario.Name} ...");
                    try
                    {
                        comparisons.Add(await metrics.CompareAsync(scenario, options.MetricsRepeats, s_runTimeout).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException or TimeoutException or IOException or System.Net.Sockets.SocketException)
                    {
                        failed = true;
                        report.Note($"FAILED {scenario.Name}: {ex.GetType().Name}: {ex.Message}");
                    }
                }
                report.MetricsTable(comparisons, options.MetricsRepeats, MetricsScenarios.TargetApart);
                foreach (var comparison in comparisons.Where(static c => c.RecordedMeanMicroseconds is not null))
                {
                    report.Note($"{comparison.Scenario.Name}: the ON runs recorded {comparison.Recorded:0.00} measurements per round trip ({string.Join(" and ", comparison.Scenario.Records.Keys.Select(static k => $"`{k}`"))}, checked after every run); the router's own duration histogram had a mean of {comparison.RecordedMeanMicroseconds:0.0} µs per call, against {comparison.On.MicrosecondsPerRoundTrip:0.0} µs per round trip on the wire.");
                }
                report.Note($"The ON listener enabled {metrics.EnabledInstruments} instruments of the `{ActorRpcMetrics.MeterName}` meter; every OFF run was checked to record nothing, every ON run exactly the scenario's measurements.");
                if (comparisons.Any(static c => !c.Passed))
                {
                    report.Note("A scenario missed the target (FAIL above); the exit code does not count it as a failed scenario. Compare with the GetVersion row, which records nothing in either mode: its distance between OFF and ON is this run's noise.");
                }
                if (metrics.DeadLetters != 0)
                {
                    report.Note($"{metrics.DeadLetters} dead letters in the gateway's actor system (messages were lost or late).");
                }
            }

            Console.Error.WriteLine("running: metrics Record cost in isolation ...");
            try
            {
                report.RecordCostTable(MetricsScenarios.RecordCost(options.RecordCalls));
            }
            catch (BenchmarkFailedException ex)
            {
                failed = true;
                report.Note($"FAILED Record cost: {ex.Message}");
            }
        }

        report.Note($"Total wall time {wallClock.Elapsed.TotalSeconds:0.0} s.{(loadBefore is null ? "" : $" Load average (1, 5, 15 min) at start {loadBefore}, at end {LoadAverage()}: client, gateway and whatever else runs share the cores.")}");
        report.Finish(
        [
            $"ON/OFF: round trips/s with metrics ON ÷ the same with metrics OFF, same connection, runs alternating OFF, ON, OFF, ON, ... (median of {options.MetricsRepeats} each, after a warm-up of a fifth of a run in each mode). Target (the operations issue's): **< {MetricsScenarios.TargetApart * 100:0} % apart**, i.e. ON/OFF strictly between {100 - MetricsScenarios.TargetApart * 100:0} % and {100 + MetricsScenarios.TargetApart * 100:0} % (ON faster by more than that is noise, not a pass). Δ µs/rt: ON − OFF per round trip (median runs).",
            "GetVersion records nothing (the connection actor answers it; no router, no instrument): OFF against ON there is the noise floor of this run, the control for the two rows below. RunCommand `version` goes through `CommandRouter.RunCommandAsync` (records `actorrpc.commands` and `actorrpc.command.duration`); the RPC row binds `sample::echo` (StringMessage → StringMessage) on its connection and calls it through `CommandRouter.CallAsync` (records `actorrpc.rpc.calls` and `actorrpc.rpc.call.duration`).",
            "CPU µs/rt: this process's CPU time over the run (client, gateway and node together; median of the runs) / round trips, the steadier figure on a shared machine. Alloc B/rt: bytes allocated by the process during the median run, per round trip. Runs rt/s: the slowest and fastest timed runs.",
            "Not measured here, because it is paid in both modes: the part of recording that does not check whether anything listens (in `CommandRouter.Record`, the timestamps, the `TagList` and the tag values are computed before `Add`/`Record` find no listener; the OFF row of the isolated table below is that part), and nothing for the mailbox depth (the depth-counting mailbox sums its queues only when `actorrpc.mailbox.depth` is read).",
            "Record cost in isolation: `CommandRouter.Record` replicated (it is private) on a meter of the benchmark's own with the same instrument kinds, tags built the same way (`TagList` of the command word and `ActorRpcMetrics.CodeTag`), one thread, no contention; the same listener type ON. It is the floor of what ON adds to a call.",
        ]);
        Console.Write(report.TakeNew());
        written.Add(SaveResults(report.Text, "metrics-latest.md"));
        return failed;
    }
}
