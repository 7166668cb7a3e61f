using System.Globalization;

namespace ActorRpc.Benchmarks;

/// <summary>The cluster section's tables (written to <c>bench/results/cluster-latest.md</c>).</summary>
internal sealed partial class Report
{
    /// <summary>
    /// Cross-node calls, each ActorRpc row under its raw RabbitMQ baseline (none for a state-changing command), with
    /// ActorRpc's calls/s as a share of raw and the median latency it adds, and the target where it applies.
    /// </summary>
    public void ClusterRoundTripTable(IReadOnlyList<(CallsResult? Raw, CallsResult? AkkaRemote, CallsResult Cluster, double? TargetRatio)> results, int repeats, string route)
    {
        Line($"## Cross-node calls: {route} (median of {repeats} runs after a warm-up)");
        Line();
        var rows = new List<string[]>();
        foreach (var (raw, akka, cluster, target) in results)
        {
            if (raw is not null)
            {
                rows.Add(ClusterCallsRow(raw, "", "", "", ""));
            }
            if (akka is not null && raw is not null)
            {
                rows.Add(ClusterCallsRow(akka, Percent(akka.CallsPerSecond / raw.CallsPerSecond),
                    SignedMs(akka.Median.PercentileMicroseconds(50) - raw.Median.PercentileMicroseconds(50)), "—", "—"));
            }
            var ratio = raw is null ? (double?)null : cluster.CallsPerSecond / raw.CallsPerSecond;
            var added = raw is null ? "—" : SignedMs(cluster.Median.PercentileMicroseconds(50) - raw.Median.PercentileMicroseconds(50));
            rows.Add(ClusterCallsRow(
                cluster,
                ratio is { } r ? Percent(r) : "—",
                added,
                target is { } t ? $">= {Percent(t)}" : "—",
                target is { } goal && ratio is { } got ? (got >= goal ? "PASS" : "FAIL") : "—"));
        }
        Table(
            ["Scenario", "Implementation", "In flight", "Calls/run", "Calls/s", "p50", "p99", "Max", "Runs calls/s (min–max)", "Share of raw", "Added p50", "Target", "Result"],
            [false, false, true, true, true, true, true, true, true, true, true, false, false],
            rows);
        Line();
    }

    /// <summary>The spread scenario at each cluster size: the total, and what each node executed.</summary>
    public void ClusterSpreadTable(IReadOnlyList<SpreadResult> results, int repeats, int bots)
    {
        var callers = results.Count > 0 ? results[0].Calls.Callers : 0;
        Line($"## Spread: `status <random bot>` over {Number(bots)} idle bots, {callers} callers shared out evenly over the nodes' routers (median of {repeats} runs after a warm-up)");
        Line();
        var single = results.FirstOrDefault(static r => r.Nodes == 1)?.Calls.CallsPerSecond;
        Table(
            ["Nodes", "Commands/run", "Commands/s", "vs 1 node", "p50", "p99", "Executed per node (share)", "Callers per node", "Shards per node", "Bots per node"],
            [true, true, true, true, true, true, false, false, false, false],
            [.. results.Select(r => new[]
            {
                Number(r.Nodes),
                Number(r.Calls.Calls),
                Number(r.Calls.CallsPerSecond),
                single is { } one ? Percent(r.Calls.CallsPerSecond / one) : "—",
                MsFromMicroseconds(r.Calls.Median.PercentileMicroseconds(50)),
                MsFromMicroseconds(r.Calls.Median.PercentileMicroseconds(99)),
                string.Join(" / ", r.PerNode.Select(n => $"{n.Name} {Number(n.Executed)} ({Percent((double)n.Executed / r.Calls.Calls)})")),
                string.Join(" / ", r.PerNode.Select(static n => Number(n.Callers))),
                string.Join(" / ", r.PerNode.Select(static n => Number(n.Shards))),
                string.Join(" / ", r.PerNode.Select(static n => Number(n.Bots))),
            })]);
        Line();
    }

    /// <summary>Every membership change of the run: the join, how long until the cluster settled, and the shard moves meanwhile.</summary>
    public void ClusterPhaseTable(IReadOnlyList<ClusterPhase> phases, IReadOnlyList<string[]> extra)
    {
        Line("## Membership: joins, settling and leaves");
        Line();
        Table(
            ["Step", "JoinAsync", "Settled after", "Shard hand-overs", "Shard activations", "Most hand-overs of one shard", "Shards held once settled"],
            [false, true, true, true, true, true, false],
            [.. phases.Select(static p => new[]
            {
                p.Phase,
                Milliseconds(p.Join),
                Milliseconds(p.Settle),
                Number(p.HandOvers),
                Number(p.Activations),
                Number(p.MostHandOvers),
                p.Shards,
            })]);
        Line();
        if (extra.Count > 0)
        {
            Table(["Extra", "Value"], [false, false], extra);
            Line();
        }
    }

    private static string[] ClusterCallsRow(CallsResult result, string ratio, string added, string target, string verdict)
    {
        var median = result.Median;
        return
        [
            result.Scenario,
            result.Implementation,
            Number(result.Callers),
            Number(median.Calls),
            Number(median.CallsPerSecond),
            MsFromMicroseconds(median.PercentileMicroseconds(50)),
            MsFromMicroseconds(median.PercentileMicroseconds(99)),
            MsFromMicroseconds(median.MaxMicroseconds),
            $"{Number(result.SlowestCallsPerSecond)}–{Number(result.FastestCallsPerSecond)}",
            ratio,
            added,
            target,
            verdict,
        ];
    }

    private static string MsFromMicroseconds(double microseconds) => (microseconds / 1000).ToString("N2", CultureInfo.InvariantCulture) + " ms";

    private static string SignedMs(double microseconds) => (microseconds >= 0 ? "+" : "") + MsFromMicroseconds(microseconds);

    /// <summary>A duration as the phase table shows it.</summary>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) + " s";

    /// <summary>A figure with thousands separators, for notes.</summary>
    public static string Count(double value) => Number(value);
}
