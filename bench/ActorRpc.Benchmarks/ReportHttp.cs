using System.Globalization;

namespace ActorRpc.Benchmarks;

/// <summary>The HTTP section's tables (written to <c>bench/results/http-latest.md</c>).</summary>
internal sealed partial class Report
{
    /// <summary>
    /// Requests/s and latency of every endpoint as wrk measured them, each beside the bare Kestrel baseline
    /// (<paramref name="baseline"/> requests/s), with the target on the endpoint it applies to; then what
    /// this process spent per request.
    /// </summary>
    public void HttpTable(IReadOnlyList<HttpRun> runs, double baseline, double targetRatio, WrkSettings settings)
    {
        Line($"## Requests over 127.0.0.1: wrk `{settings.Arguments(settings.Duration)}`, one timed run per endpoint, in this order, after a {settings.WarmUp.TotalSeconds:0} s warm-up of every endpoint");
        Line();
        var rows = new List<string[]>();
        foreach (var run in runs)
        {
            var wrk = run.Wrk;
            var ratio = baseline > 0 ? wrk.RequestsPerSecond / baseline : 0;
            rows.Add(
            [
                run.Endpoint.Name,
                run.Endpoint.Server,
                Number(wrk.RequestsPerSecond),
                Ms(wrk.P50Ms),
                Ms(wrk.P99Ms),
                Number(wrk.Non2xx),
                Number(wrk.SocketErrors),
                Percent(ratio),
                run.Endpoint.HasTarget ? $">= {Percent(targetRatio)}" : "—",
                run.Endpoint.HasTarget ? (ratio >= targetRatio ? "PASS" : "FAIL") : "—",
            ]);
        }
        Table(
            ["Endpoint", "Server", "Requests/s", "p50", "p99", "Non-2xx", "Socket errors", "vs bare /ping", "Target", "Result"],
            [false, false, true, true, true, true, true, true, false, false],
            rows);
        Line();

        Table(
            ["Extra (same runs)", "Requests", "Avg", "p75", "p90", "Max", "Response B", "Alloc B/req", "CPU µs/req", "Gen0 / Gen2 GCs", "Dead letters"],
            [false, true, true, true, true, true, true, true, true, true, true],
            [.. runs.Select(run => new[]
            {
                run.Endpoint.Name,
                Number(run.Wrk.Requests),
                Ms(run.Wrk.AverageMs),
                Ms(run.Wrk.P75Ms),
                Ms(run.Wrk.P90Ms),
                Ms(run.Wrk.MaxMs),
                Number(run.ResponseBytes),
                Number(run.BytesPerRequest),
                Decimal(run.CpuMicrosecondsPerRequest),
                $"{Number(run.Gen0Collections)} / {Number(run.Gen2Collections)}",
                Number(run.DeadLetters),
            })]);
        Line();
    }

    private static string Ms(double milliseconds) => milliseconds.ToString("N2", CultureInfo.InvariantCulture) + " ms";
}
