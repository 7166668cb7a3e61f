namespace ActorRpc.Benchmarks;

/// <summary>Iteration counts and sections to run (akka, core, tcp, metrics, http, cluster); <c>--quick</c> divides the counts by ten.</summary>
internal sealed record BenchOptions(bool Quick, bool Akka = true, bool Core = true, bool Tcp = true, bool Http = true, bool Metrics = true, bool Cluster = true)
{
    private int Divisor => Quick ? 10 : 1;

    /// <summary>Timed runs per implementation and scenario; the median is reported.</summary>
    public int Repeats => 5;

    /// <summary>Round trips of one run, shared out among its pairs.</summary>
    public long RoundTripsPerRun => 1_000_000 / Divisor;

    public int AskCalls => 200_000 / Divisor;

    public long RoundTripsPerPair(int pairs) => RoundTripsPerRun / pairs;

    /// <summary>Concurrent callers of the core's command and method scenarios (and of their baselines).</summary>
    public int CoreCallers => 64;

    /// <summary>Commands or calls of one run of a core scenario, shared out among its callers.</summary>
    public int CoreCalls => 200_000 / Divisor;

    /// <summary>Timed runs per implementation of a core call scenario (each one is long: medians of three).</summary>
    public int CoreRepeats => 3;

    /// <summary>The bots of the "many bots" command scenario.</summary>
    public int ManyBots => 1_000;

    /// <summary>The bots of the start-up scenario (the targets are stated for this many; not divided by --quick).</summary>
    public int StartupBots => 10_000;

    /// <summary>Start-ups measured (each a fresh actor system with every bot).</summary>
    public int StartupRepeats => Quick ? 1 : 3;

    /// <summary>Round trips of one ping-pong run of the TCP section (one connection, one request at a time).</summary>
    public long TcpPingPongRoundTrips => 50_000 / Divisor;

    /// <summary>Round trips of one pipelined run of the TCP section, shared out among its connections.</summary>
    public long TcpPipelinedRoundTrips => 200_000 / Divisor;

    /// <summary>Timed runs per server and TCP scenario; the median is reported.</summary>
    public int TcpRepeats => 3;

    /// <summary>The idle connections of the TCP memory scenario (the target is per connection; not divided by --quick).</summary>
    public int TcpIdleConnections => 1_000;

    /// <summary>Round trips of one ping-pong run of the metrics section (one connection, one request at a time).</summary>
    public long MetricsRoundTrips => 50_000 / Divisor;

    /// <summary>Timed runs per mode (metrics OFF, ON) and scenario of the metrics section; the median is reported.</summary>
    public int MetricsRepeats => 5;

    /// <summary>Records per run of the metrics section's isolated <c>Record</c> cost.</summary>
    public long RecordCalls => 2_000_000 / Divisor;

    /// <summary>Timed runs per implementation and scenario of the cluster section; the median is reported.</summary>
    public int ClusterRepeats => 3;

    /// <summary>Cross-node round trips of one run with one call in flight (and of the raw baseline's).</summary>
    public int ClusterSerialCalls => 2_000 / Divisor;

    /// <summary>Cross-node round trips of one run with <see cref="CoreCallers"/> in flight, shared out among the callers.</summary>
    public int ClusterConcurrentCalls => 20_000 / Divisor;

    /// <summary>
    /// <c>pause</c>/<c>resume</c> commands of one run (each of the 64 callers alternates on a bot of its own, so a
    /// multiple of 128: every caller makes an even number and leaves its bot running).
    /// </summary>
    public int ClusterChangeCalls => 6_400 / Divisor;

    /// <summary><c>status</c> commands of one run of the spread scenario (per cluster size).</summary>
    public int ClusterSpreadCalls => 10_000 / Divisor;

    /// <summary>The idle bots the spread scenario picks from.</summary>
    public int ClusterSpreadBots => 1_000;

    /// <summary>One pair, two per core, and 64 (the second dropped when both are the same).</summary>
    public IEnumerable<(string Scenario, int Pairs)> PairScenarios()
    {
        yield return ("ping-pong, 1 pair", 1);
        var perCore = 2 * Environment.ProcessorCount;
        yield return ($"many pairs, {perCore} (2 x cores)", perCore);
        if (perCore != 64)
        {
            yield return ("many pairs, 64", 64);
        }
    }

    /// <summary>Null for an unknown argument (the caller prints usage).</summary>
    public static BenchOptions? Parse(string[] args)
    {
        var quick = false;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                quick = true;
            }
            else if (args[i] == "--only" && i + 1 < args.Length && args[i + 1] is "akka" or "core" or "tcp" or "metrics" or "http" or "cluster" && only is null)
            {
                only = args[++i];
            }
            else
            {
                return null;
            }
        }
        return new BenchOptions(quick, Akka: only is null or "akka", Core: only is null or "core", Tcp: only is null or "tcp", Http: only is null or "http", Metrics: only is null or "metrics", Cluster: only is null or "cluster");
    }
}
