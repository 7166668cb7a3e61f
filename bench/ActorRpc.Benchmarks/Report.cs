using System.Globalization;
using System.Text;

namespace ActorRpc.Benchmarks;

/// <summary>
/// The markdown text of one section, printed to the console and written to <c>bench/results/akka-latest.md</c>,
/// <c>bench/results/core-latest.md</c>, <c>bench/results/tcp-latest.md</c> or <c>bench/results/http-latest.md</c>.
/// </summary>
internal sealed partial class Report
{
    /// <summary>The project's goal for the throughput scenarios: Akka at least this share of raw channels.</summary>
    private const double TargetRatio = 0.5;

    private readonly StringBuilder _text = new();

    private readonly List<string> _notes = [];

    /// <summary>How much of the text the console has already shown.</summary>
    private int _printed;

    /// <summary>Everything so far.</summary>
    public string Text => _text.ToString();

    public void Line(string line = "") => _text.Append(line).Append('\n');

    public void Note(string note) => _notes.Add(note);

    public void ThroughputTable(IReadOnlyList<(ThroughputResult Raw, ThroughputResult Actors)> results, int repeats)
    {
        Line($"## Throughput: ping-pong round trips (median of {repeats} runs after a warm-up)");
        Line();
        var rows = new List<string[]>();
        foreach (var (raw, actors) in results)
        {
            rows.Add(ThroughputRow(raw, ratio: ""));
            var ratio = actors.RoundTripsPerSecond / raw.RoundTripsPerSecond;
            rows.Add(ThroughputRow(actors, $"{Percent(ratio)}{(ratio < TargetRatio ? " (below 50 % target)" : "")}"));
        }
        Table(
            ["Scenario", "Implementation", "Round trips/run", "Messages/s", "Round trips/s", "ns/round trip", "Alloc B/round trip", "Runs ns/rt (min–max)", "akka/raw"],
            [false, false, true, true, true, true, true, true, true],
            rows);
        Line();
    }

    public void LatencyTable(LatencyResult raw, LatencyResult actors)
    {
        Line("## Ask latency: sequential request–reply, one caller (after a warm-up)");
        Line();
        Table(
            ["Implementation", "Calls", "Calls/s", "Mean µs", "p50 µs", "p99 µs", "Max µs", "Alloc B/call", "akka/raw"],
            [false, true, true, true, true, true, true, true, true],
            [LatencyRow(raw, ""), LatencyRow(actors, Percent(raw.MeanMicroseconds / actors.MeanMicroseconds))]);
        Line();
    }

    /// <summary>The text added since the last call (the console shows the header before the runs).</summary>
    public string TakeNew()
    {
        var text = _text.ToString(_printed, _text.Length - _printed);
        _printed = _text.Length;
        return text;
    }

    /// <summary>The core's command and method scenarios, each core row beside its bare-actor baseline.</summary>
    public void CallsTable(IReadOnlyList<(CallsResult Baseline, CallsResult Core)> results, int repeats)
    {
        var callers = results.Count > 0 ? results[0].Core.Callers : 0;
        Line($"## Commands and RPC calls: {callers} concurrent callers, each awaiting its call before the next (median of {repeats} runs after a warm-up)");
        Line();
        var rows = new List<string[]>();
        foreach (var (baseline, core) in results)
        {
            rows.Add(CallsRow(baseline, ratio: ""));
            rows.Add(CallsRow(core, Percent(core.CallsPerSecond / baseline.CallsPerSecond)));
        }
        Table(
            ["Scenario", "Implementation", "Calls/run", "Calls/s", "Mean µs", "p50 µs", "p99 µs", "Max µs", "Alloc B/call", "Gen2 GCs", "Runs calls/s (min–max)", "core/akka"],
            [false, false, true, true, true, true, true, true, true, true, true, true],
            rows);
        Line();
    }

    /// <summary>Start-up and memory with many idle bots, against the issue's targets.</summary>
    public void StartupTable(StartupResult result, TimeSpan startupTarget, long bytesPerBotTarget)
    {
        var bots = Number(result.Bots);
        var median = result.Median;
        Line($"## Start-up and memory: {bots} idle bots (`{{\"Enabled\": false}}`; median of {result.Runs.Count} start-ups)");
        Line();
        var startupPass = median.Startup < startupTarget;
        var bytesPerBot = result.MedianBytesPerBot;
        var memoryPass = bytesPerBot <= bytesPerBotTarget;
        Table(
            ["Measure", "Core", "Baseline", "Baseline value", "core/baseline", "Target", "Result"],
            [false, true, false, true, true, false, false],
            [
                [$"start-up: `NodeCore.Start` until `Table.Bots.Count == {bots}`", Milliseconds(median.Startup), $"read + `JsonDocument.Parse` of the {bots} files", Milliseconds(result.MedianParse), Times(median.Startup / result.MedianParse), $"< {startupTarget.TotalSeconds:0} s", startupPass ? "PASS" : "FAIL"],
                ["managed heap per idle bot (vs a core with no bots)", $"{Number(bytesPerBot)} B", "—", "", "", $"<= {Number(bytesPerBotTarget)} B ({bytesPerBotTarget / 1024} KiB)", memoryPass ? "PASS" : "FAIL"],
            ]);
        Line();
        var last = result.Last;
        List<string[]> rows =
        [
            ["start-up runs (min–max)", $"{Milliseconds(result.Runs.Min(static r => r.Startup))}–{Milliseconds(result.Runs.Max(static r => r.Startup))}"],
            ["managed heap per idle bot, runs (min–max)", $"{Number(result.Runs.Min(r => (double)(r.LoadedHeap - r.EmptyHeap) / result.Bots))}–{Number(result.Runs.Max(r => (double)(r.LoadedHeap - r.EmptyHeap) / result.Bots))} B"],
            ["allocated during start-up, per bot", $"{Number((double)median.StartupAllocated / result.Bots)} B"],
            ["managed heap: core with no bots → with every bot", $"{Megabytes(median.EmptyHeap)} → {Megabytes(median.LoadedHeap)}"],
            ["process working set: before start → every bot loaded", $"{Megabytes(median.WorkingSetBefore)} → {Megabytes(median.WorkingSetAfter)} (+{Number((double)(median.WorkingSetAfter - median.WorkingSetBefore) / result.Bots)} B per bot)"],
            [$"`status` (all {bots} bots, one ask each)", Milliseconds(median.StatusAll)],
            [$"`ActorSystem.Terminate` with {bots} bots", Milliseconds(median.Terminate)],
            [$"writing the {bots} bot files (setup, once)", Milliseconds(result.WriteFiles)],
        ];
        if (last.StatusAtScale is { } scale)
        {
            rows.Add([$"`status bot-N` at {bots} bots, {Number(scale.Calls)} commands (last run)", $"{Number(scale.CallsPerSecond)} commands/s, mean {Decimal(scale.MeanLatencyMicroseconds)} µs, {Number(scale.BytesPerCall)} B/command, {Number(scale.Total.Gen2Collections)} gen2 GCs"]);
        }
        Table(["Extra (no baseline; the median start-up's run)", "Value"], [false, false], rows);
        Line();
    }

    /// <summary>The TCP section's round trips: each gateway row beside its bare echo row, with the issue's target where there is one.</summary>
    public void TcpTable(IReadOnlyList<TcpComparison> results, int repeats)
    {
        Line($"## Round trips over 127.0.0.1: the gateway beside a bare framed echo server (median of {repeats} runs after a warm-up)");
        Line();
        var rows = new List<string[]>();
        foreach (var result in results)
        {
            var scenario = result.Scenario;
            var shape = $"{Number(scenario.Connections)} × {Number(scenario.Window)}";
            rows.Add(TcpRow(result.Bare, shape, result.BareRepliesPerRead, "", "", ""));
            var target = scenario.TargetRatio is { } ratio ? $">= {Percent(ratio)}" : "—";
            var verdict = scenario.TargetRatio is null ? "—" : result.Passed ? "PASS" : "FAIL";
            rows.Add(TcpRow(result.Gateway, shape, result.GatewayRepliesPerRead, Percent(result.Ratio), target, verdict));
        }
        Table(
            ["Scenario", "Server", "Conns × in flight", "Round trips/run", "Round trips/s", "µs/round trip", "Replies/read", "Alloc B/rt", "Gen2 GCs", "Runs rt/s (min–max)", "gateway/bare", "Target", "Result"],
            [false, false, true, true, true, true, true, true, true, true, true, false, false],
            rows);
        Line();
    }

    /// <summary>Idle connections: heap and working set per connection, the gateway beside the bare echo, against the issue's target.</summary>
    public void IdleTable(IdleResult gateway, IdleResult bare, long bytesPerConnectionTarget)
    {
        Line($"## Idle connections: {Number(gateway.Connections)} connections, handshake done, then idle (gateway measured first)");
        Line();
        var target = $"<= {Number(bytesPerConnectionTarget)} B ({bytesPerConnectionTarget / 1024} KiB)";
        Table(
            ["Measure (growth per connection)", "Gateway", "Bare echo", "gateway − bare", "Target (gateway)", "Result"],
            [false, true, true, true, false, false],
            [
                ["managed heap (`GC.GetTotalMemory(true)`)", Bytes(gateway.HeapPerConnection), Bytes(bare.HeapPerConnection), Bytes(gateway.HeapPerConnection - bare.HeapPerConnection), target, gateway.HeapPerConnection <= bytesPerConnectionTarget ? "PASS" : "FAIL"],
                ["process working set", Bytes(gateway.WorkingSetPerConnection), Bytes(bare.WorkingSetPerConnection), Bytes(gateway.WorkingSetPerConnection - bare.WorkingSetPerConnection), target, gateway.WorkingSetPerConnection <= bytesPerConnectionTarget ? "PASS" : "FAIL"],
            ]);
        Line();
        Table(
            ["Extra", "Gateway", "Bare echo"],
            [false, false, false],
            [
                ["connect + handshake, 32 at a time", Milliseconds(gateway.Connect), Milliseconds(bare.Connect)],
                ["open connections the server reported", Number(gateway.Reported), Number(bare.Reported)],
                ["managed heap: before → all connected", $"{Megabytes(gateway.HeapBefore)} → {Megabytes(gateway.HeapAfter)}", $"{Megabytes(bare.HeapBefore)} → {Megabytes(bare.HeapAfter)}"],
                ["process working set: before → all connected", $"{Megabytes(gateway.WorkingSetBefore)} → {Megabytes(gateway.WorkingSetAfter)}", $"{Megabytes(bare.WorkingSetBefore)} → {Megabytes(bare.WorkingSetAfter)}"],
                ["thread pool threads: before → all connected", $"{gateway.ThreadsBefore} → {gateway.ThreadsAfter}", $"{bare.ThreadsBefore} → {bare.ThreadsAfter}"],
                ["closing all until the server reports 0", Milliseconds(gateway.Close), Milliseconds(bare.Close)],
            ]);
        Line();
    }

    private static string[] TcpRow(ThroughputResult result, string shape, double repliesPerRead, string ratio, string target, string verdict) =>
    [
        result.Scenario,
        result.Implementation,
        shape,
        Number(result.RoundTripsPerRun),
        Number(result.RoundTripsPerSecond),
        (result.NanosecondsPerRoundTrip / 1000).ToString("N2", CultureInfo.InvariantCulture),
        repliesPerRead.ToString("N2", CultureInfo.InvariantCulture),
        Decimal(result.BytesPerRoundTrip),
        Number(result.Median.Gen2Collections),
        $"{Number(1e9 / result.SlowestNanosecondsPerRoundTrip)}–{Number(1e9 / result.FastestNanosecondsPerRoundTrip)}",
        ratio,
        target,
        verdict,
    ];

    /// <summary>The notes section: the legend of the section's tables, then the notes of the run.</summary>
    public void Finish(IEnumerable<string> legend)
    {
        Line("## Notes");
        Line();
        foreach (var line in legend)
        {
            Line($"- {line}");
        }
        foreach (var note in _notes)
        {
            Line($"- {note}");
        }
    }

    private static string[] ThroughputRow(ThroughputResult result, string ratio) =>
    [
        result.Scenario,
        result.Implementation,
        Number(result.RoundTripsPerRun),
        Number(result.MessagesPerSecond),
        Number(result.RoundTripsPerSecond),
        Number(result.NanosecondsPerRoundTrip),
        Decimal(result.BytesPerRoundTrip),
        $"{Number(result.FastestNanosecondsPerRoundTrip)}–{Number(result.SlowestNanosecondsPerRoundTrip)}",
        ratio,
    ];

    private static string[] CallsRow(CallsResult result, string ratio)
    {
        var median = result.Median;
        return
        [
            result.Scenario,
            result.Implementation,
            Number(median.Calls),
            Number(median.CallsPerSecond),
            Decimal(median.MeanLatencyMicroseconds),
            Decimal(median.PercentileMicroseconds(50)),
            Decimal(median.PercentileMicroseconds(99)),
            Decimal(median.MaxMicroseconds),
            Decimal(median.BytesPerCall),
            Number(median.Total.Gen2Collections),
            $"{Number(result.SlowestCallsPerSecond)}–{Number(result.FastestCallsPerSecond)}",
            ratio,
        ];
    }

    private static string[] LatencyRow(LatencyResult result, string ratio) =>
    [
        result.Implementation,
        Number(result.Calls),
        Number(result.CallsPerSecond),
        Decimal(result.MeanMicroseconds),
        Decimal(result.PercentileMicroseconds(50)),
        Decimal(result.PercentileMicroseconds(99)),
        Decimal(result.MaxMicroseconds),
        Decimal(result.BytesPerCall),
        ratio,
    ];

    /// <summary>A markdown table padded to aligned columns, so it reads the same in a terminal.</summary>
    private void Table(string[] headers, bool[] rightAligned, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select(static h => Math.Max(h.Length, 3)).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        Line(Row(headers));
        Line("|" + string.Join("|", widths.Select((w, i) => " " + (rightAligned[i] ? new string('-', w - 1) + ":" : new string('-', w)) + " ")) + "|");
        foreach (var row in rows)
        {
            Line(Row(row));
        }

        string Row(string[] cells) =>
            "|" + string.Join("|", cells.Select((c, i) => " " + (rightAligned[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i])) + " ")) + "|";
    }

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Decimal(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    private static string Bytes(double bytes) => Number(bytes) + " B";

    private static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";

    private static string Times(double ratio) => ratio.ToString("0.0", CultureInfo.InvariantCulture) + "x";

    private static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
