using System.Globalization;
using System.Text;

namespace ActorRpc.Benchmarks;

/// <summary>The markdown text printed to the console and written to <c>bench/results/kernel-latest.md</c>.</summary>
internal sealed class Report
{
    /// <summary>The project's goal for the throughput scenarios: kernel at least this share of raw channels.</summary>
    private const double TargetRatio = 0.5;

    private readonly StringBuilder _text = new();

    private readonly List<string> _notes = [];

    /// <summary>How much of the text the console has already shown.</summary>
    private int _printed;

    /// <summary>Everything so far.</summary>
    public string Text => _text.ToString();

    public void Line(string line = "") => _text.Append(line).Append('\n');

    public void Note(string note) => _notes.Add(note);

    public void ThroughputTable(IReadOnlyList<(ThroughputResult Raw, ThroughputResult Kernel)> results, int repeats)
    {
        Line($"## Throughput: ping-pong round trips (median of {repeats} runs after a warm-up)");
        Line();
        var rows = new List<string[]>();
        foreach (var (raw, kernel) in results)
        {
            rows.Add(ThroughputRow(raw, ratio: ""));
            var ratio = kernel.RoundTripsPerSecond / raw.RoundTripsPerSecond;
            rows.Add(ThroughputRow(kernel, $"{Percent(ratio)}{(ratio < TargetRatio ? " (below 50 % target)" : "")}"));
        }
        Table(
            ["Scenario", "Implementation", "Round trips/run", "Messages/s", "Round trips/s", "ns/round trip", "Alloc B/round trip", "Runs ns/rt (min–max)", "kernel/raw"],
            [false, false, true, true, true, true, true, true, true],
            rows);
        Line();
    }

    public void LatencyTable(LatencyResult raw, LatencyResult kernel)
    {
        Line("## Ask latency: sequential request–reply, one caller (after a warm-up)");
        Line();
        Table(
            ["Implementation", "Calls", "Calls/s", "Mean µs", "p50 µs", "p99 µs", "Max µs", "Alloc B/call", "kernel/raw"],
            [false, true, true, true, true, true, true, true, true],
            [LatencyRow(raw, ""), LatencyRow(kernel, Percent(raw.MeanMicroseconds / kernel.MeanMicroseconds))]);
        Line();
    }

    /// <summary>The text added since the last call (the console shows the header before the runs).</summary>
    public string TakeNew()
    {
        var text = _text.ToString(_printed, _text.Length - _printed);
        _printed = _text.Length;
        return text;
    }

    public void Finish()
    {
        Line("## Notes");
        Line();
        Line("- kernel/raw: kernel throughput as a share of raw channels (for ask: raw mean latency / kernel mean latency); the target is >= 50 % for ping-pong and many pairs.");
        Line("- Runs ns/rt: the fastest and slowest of the timed runs (the median is in ns/round trip). Alloc: bytes allocated by the whole process during the run, per round trip or call.");
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

    private static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
