using System.Globalization;

namespace ActorRpc.Benchmarks;

/// <summary>The metrics section's tables (written to <c>bench/results/metrics-latest.md</c>).</summary>
internal sealed partial class Report
{
    /// <summary>Each scenario's OFF row and ON row, the ON row with ON/OFF against the target.</summary>
    public void MetricsTable(IReadOnlyList<MetricsComparison> results, int repeats, double targetApart)
    {
        Line($"## TCP ping-pong (1 connection × 1 in flight), metrics OFF vs ON: median of {repeats} runs each, alternating, after a warm-up");
        Line();
        var rows = new List<string[]>();
        foreach (var result in results)
        {
            // OFF runs were checked to record nothing; ON, what the exporter counted over the timed runs.
            rows.Add(MetricsRow(result.Off, "0", "", "", "", ""));
            rows.Add(MetricsRow(
                result.On,
                result.Recorded.ToString("0.##", CultureInfo.InvariantCulture),
                Percent(result.Ratio),
                (result.On.MicrosecondsPerRoundTrip - result.Off.MicrosecondsPerRoundTrip).ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture),
                $"< {targetApart * 100:0} % apart",
                result.Passed ? "PASS" : "FAIL"));
        }
        Table(
            ["Scenario", "Metrics", "Measurements/rt", "Round trips/run", "Round trips/s", "µs/round trip", "CPU µs/rt", "Alloc B/rt", "Runs rt/s (min–max)", "ON/OFF", "Δ µs/rt", "Target", "Result"],
            [false, false, true, true, true, true, true, true, true, true, true, false, false],
            rows);
        Line();
    }

    /// <summary>The router's <c>Record</c> alone, OFF and ON.</summary>
    public void RecordCostTable(RecordCostResult result)
    {
        Line($"## `CommandRouter.Record` in isolation: a counter add and a histogram record with two tags, one thread, {Number(result.Calls)} per run (median of 5 each, alternating, after a warm-up)");
        Line();
        Table(
            ["Metrics", "ns per Record", "Alloc B per Record"],
            [false, true, true],
            [
                ["OFF (no listener)", Decimal(result.OffNanoseconds), Decimal(result.OffBytes)],
                ["ON (listener)", Decimal(result.OnNanoseconds), Decimal(result.OnBytes)],
                ["ON − OFF", Decimal(result.OnNanoseconds - result.OffNanoseconds), Decimal(result.OnBytes - result.OffBytes)],
            ]);
        Line();
    }

    private static string[] MetricsRow(MetricsModeResult result, string measurements, string ratio, string delta, string target, string verdict) =>
    [
        result.Scenario,
        result.Mode,
        measurements,
        Number(result.RoundTripsPerRun),
        Number(result.RoundTripsPerSecond),
        result.MicrosecondsPerRoundTrip.ToString("N2", CultureInfo.InvariantCulture),
        result.CpuMicrosecondsPerRoundTrip.ToString("N2", CultureInfo.InvariantCulture),
        Decimal(result.Throughput.BytesPerRoundTrip),
        $"{Number(1e9 / result.Throughput.SlowestNanosecondsPerRoundTrip)}–{Number(1e9 / result.Throughput.FastestNanosecondsPerRoundTrip)}",
        ratio,
        delta,
        target,
        verdict,
    ];
}
