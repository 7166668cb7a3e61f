using System.Diagnostics;

namespace ActorRpc.Benchmarks;

/// <summary>Something that runs N ping-pong pairs to completion: Akka actors or raw channel tasks.</summary>
internal interface IPairsRunner
{
    int Pairs { get; }

    Task RunAsync(long roundTripsPerPair, TimeSpan timeout);
}

/// <summary>One timed run: wall time, bytes allocated by the whole process meanwhile, and the full (gen 2) collections it took.</summary>
internal readonly record struct Sample(TimeSpan Elapsed, long AllocatedBytes, int Gen2Collections = 0);

/// <summary>The repeated runs of one implementation of one throughput scenario.</summary>
internal sealed record ThroughputResult(string Scenario, string Implementation, int Pairs, long RoundTripsPerRun, IReadOnlyList<Sample> Samples)
{
    /// <summary>The median run by wall time (the reported one).</summary>
    public Sample Median => Samples.OrderBy(static s => s.Elapsed).ElementAt(Samples.Count / 2);

    public double RoundTripsPerSecond => RoundTripsPerRun / Median.Elapsed.TotalSeconds;

    /// <summary>Two messages per round trip: the ping and the pong.</summary>
    public double MessagesPerSecond => 2 * RoundTripsPerSecond;

    public double NanosecondsPerRoundTrip => Median.Elapsed.TotalNanoseconds / RoundTripsPerRun;

    public double BytesPerRoundTrip => (double)Median.AllocatedBytes / RoundTripsPerRun;

    /// <summary>The fastest run's ns per round trip: with the median and slowest, shows how noisy the repeats were.</summary>
    public double FastestNanosecondsPerRoundTrip => Samples.Min(static s => s.Elapsed).TotalNanoseconds / RoundTripsPerRun;

    public double SlowestNanosecondsPerRoundTrip => Samples.Max(static s => s.Elapsed).TotalNanoseconds / RoundTripsPerRun;
}

/// <summary>Sequential request–reply latencies of one implementation.</summary>
internal sealed record LatencyResult(string Implementation, long[] Ticks, Sample Total)
{
    public int Calls => Ticks.Length;

    public double CallsPerSecond => Calls / Total.Elapsed.TotalSeconds;

    public double MeanMicroseconds => Total.Elapsed.TotalMicroseconds / Calls;

    /// <summary>The mean of the calls' own durations: with concurrent callers, the latency each caller saw (not wall time / calls).</summary>
    public double MeanLatencyMicroseconds => TicksToMicroseconds(Ticks.Average());

    public double BytesPerCall => (double)Total.AllocatedBytes / Calls;

    public double PercentileMicroseconds(double percentile)
    {
        var sorted = (long[])Ticks.Clone();
        Array.Sort(sorted);
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return TicksToMicroseconds(sorted[Math.Clamp(index, 0, sorted.Length - 1)]);
    }

    public double MaxMicroseconds => TicksToMicroseconds(Ticks.Max());

    private static double TicksToMicroseconds(double ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}

/// <summary>The repeated runs of one implementation of a concurrent-callers scenario (core section).</summary>
internal sealed record CallsResult(string Scenario, string Implementation, int Callers, IReadOnlyList<LatencyResult> Runs)
{
    /// <summary>The median run by wall time (the reported one).</summary>
    public LatencyResult Median => Runs.OrderBy(static r => r.Total.Elapsed).ElementAt(Runs.Count / 2);

    public int Calls => Median.Calls;

    public double CallsPerSecond => Median.CallsPerSecond;

    public double FastestCallsPerSecond => Runs.Max(static r => r.CallsPerSecond);

    public double SlowestCallsPerSecond => Runs.Min(static r => r.CallsPerSecond);
}

/// <summary>
/// N callers sharing out a fixed number of calls: caller c makes calls c, c + N, c + 2N, ... one at a time,
/// awaiting each before the next (as a gateway session does); call i's duration goes to <c>ticks[i]</c>.
/// </summary>
internal static class ConcurrentCalls
{
    public static async Task RunAsync(string what, int callers, long[] ticks, Func<int, Task> call, TimeSpan timeout)
    {
        var tasks = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            var caller = c;
            tasks[c] = Task.Run(() => CallerAsync(caller));
        }
        try
        {
            await Task.WhenAll(tasks).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new BenchmarkFailedException(
                $"{what}: not complete after {timeout.TotalSeconds:0} s, {tasks.Count(static t => !t.IsCompleted)} of {callers} callers still waiting (lost reply or stalled actor).");
        }

        async Task CallerAsync(int caller)
        {
            for (var i = caller; i < ticks.Length; i += callers)
            {
                var start = Stopwatch.GetTimestamp();
                await call(i).ConfigureAwait(false);
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }
        }
    }
}

/// <summary>Timing with a clean heap at the start, so one run's garbage is not collected during the next.</summary>
internal static class Measure
{
    public static async Task<Sample> TimeAsync(Func<Task> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen2Before = GC.CollectionCount(2);
        var start = Stopwatch.GetTimestamp();
        await run().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Sample(elapsed, allocated, GC.CollectionCount(2) - gen2Before);
    }

    /// <summary>
    /// Warm-up of both, then <paramref name="repeats"/> timed runs alternating raw and Akka, so drift
    /// (other load, frequency) hits both alike.
    /// </summary>
    public static async Task<(ThroughputResult Raw, ThroughputResult Actors)> ComparePairsAsync(
        string scenario, IPairsRunner raw, IPairsRunner actors, long roundTripsPerPair, long warmupRoundTripsPerPair, int repeats, TimeSpan timeout)
    {
        await raw.RunAsync(warmupRoundTripsPerPair, timeout).ConfigureAwait(false);
        await actors.RunAsync(warmupRoundTripsPerPair, timeout).ConfigureAwait(false);
        var rawSamples = new List<Sample>(repeats);
        var actorSamples = new List<Sample>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            rawSamples.Add(await TimeAsync(() => raw.RunAsync(roundTripsPerPair, timeout)).ConfigureAwait(false));
            actorSamples.Add(await TimeAsync(() => actors.RunAsync(roundTripsPerPair, timeout)).ConfigureAwait(false));
        }
        var total = roundTripsPerPair * raw.Pairs;
        return (new ThroughputResult(scenario, "raw channels", raw.Pairs, total, rawSamples),
                new ThroughputResult(scenario, "Akka", actors.Pairs, total, actorSamples));
    }

    /// <summary>
    /// A concurrent-callers scenario of the core section: a warm-up of both (a tenth of the calls), then
    /// <paramref name="repeats"/> timed runs alternating baseline and core, as <see cref="ComparePairsAsync"/>.
    /// </summary>
    public static async Task<(CallsResult Baseline, CallsResult Core)> CompareCallsAsync(
        string scenario, int callers, int calls, int repeats,
        string baselineName, Func<int, Task> baseline, string coreName, Func<int, Task> core, TimeSpan timeout)
    {
        var results = await CompareCallsAsync(scenario, callers, calls, repeats, [(baselineName, baseline), (coreName, core)], timeout).ConfigureAwait(false);
        return (results[0], results[1]);
    }

    /// <summary>As above for any number of implementations: a warm-up of each, then <paramref name="repeats"/> rounds of one timed run of each, in order.</summary>
    public static async Task<IReadOnlyList<CallsResult>> CompareCallsAsync(
        string scenario, int callers, int calls, int repeats, IReadOnlyList<(string Name, Func<int, Task> Call)> implementations, TimeSpan timeout)
    {
        var warmup = new long[Math.Max(callers, calls / 10)];
        foreach (var (name, call) in implementations)
        {
            await ConcurrentCalls.RunAsync($"{scenario}, {name} (warm-up)", callers, warmup, call, timeout).ConfigureAwait(false);
        }
        var runs = implementations.Select(_ => new List<LatencyResult>(repeats)).ToList();
        for (var i = 0; i < repeats; i++)
        {
            for (var k = 0; k < implementations.Count; k++)
            {
                var (name, call) = implementations[k];
                var ticks = new long[calls];
                var total = await TimeAsync(() => ConcurrentCalls.RunAsync($"{scenario}, {name}", callers, ticks, call, timeout)).ConfigureAwait(false);
                runs[k].Add(new LatencyResult(name, ticks, total));
            }
        }
        return [.. implementations.Select((implementation, k) => new CallsResult(scenario, implementation.Name, callers, runs[k]))];
    }
}
