namespace ActorRpc.Benchmarks;

/// <summary>Iteration counts; <c>--quick</c> divides them by ten.</summary>
internal sealed record BenchOptions(bool Quick)
{
    private int Divisor => Quick ? 10 : 1;

    /// <summary>Timed runs per implementation and scenario; the median is reported.</summary>
    public int Repeats => 5;

    /// <summary>Round trips of one run, shared out among its pairs.</summary>
    public long RoundTripsPerRun => 1_000_000 / Divisor;

    public int AskCalls => 200_000 / Divisor;

    public long RoundTripsPerPair(int pairs) => RoundTripsPerRun / pairs;

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
        foreach (var arg in args)
        {
            if (arg == "--quick")
            {
                quick = true;
            }
            else
            {
                return null;
            }
        }
        return new BenchOptions(quick);
    }
}
