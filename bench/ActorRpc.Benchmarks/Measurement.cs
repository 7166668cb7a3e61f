using System.Diagnostics;

namespace ActorRpc.Benchmarks;

/// <summary>Something that runs N ping-pong pairs to completion: the kernel's actors or raw channel tasks.</summary>
internal interface IPairsRunner
{
    int Pairs { get; }

    Task RunAsync(long roundTripsPerPair, TimeSpan timeout);
}

/// <summary>One timed run: wall time and bytes allocated by the whole process meanwhile.</summary>
internal readonly record struct Sample(TimeSpan Elapsed, long AllocatedBytes);

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

    public double BytesPerCall => (double)Total.AllocatedBytes / Calls;

    public double PercentileMicroseconds(double percentile)
    {
        var sorted = (long[])Ticks.Clone();
        Array.Sort(sorted);
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return TicksToMicroseconds(sorted[Math.Clamp(index, 0, sorted.Length - 1)]);
    }

    public double MaxMicroseconds => TicksToMicroseconds(Ticks.Max());

    private static double TicksToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
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
        var start = Stopwatch.GetTimestamp();
        await run().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Sample(elapsed, allocated);
    }

    /// <summary>
    /// Warm-up of both, then <paramref name="repeats"/> timed runs alternating raw and kernel, so drift
    /// (other load, frequency) hits both alike.
    /// </summary>
    public static async Task<(ThroughputResult Raw, ThroughputResult Kernel)> ComparePairsAsync(
        string scenario, IPairsRunner raw, IPairsRunner kernel, long roundTripsPerPair, long warmupRoundTripsPerPair, int repeats, TimeSpan timeout)
    {
        await raw.RunAsync(warmupRoundTripsPerPair, timeout).ConfigureAwait(false);
        await kernel.RunAsync(warmupRoundTripsPerPair, timeout).ConfigureAwait(false);
        var rawSamples = new List<Sample>(repeats);
        var kernelSamples = new List<Sample>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            rawSamples.Add(await TimeAsync(() => raw.RunAsync(roundTripsPerPair, timeout)).ConfigureAwait(false));
            kernelSamples.Add(await TimeAsync(() => kernel.RunAsync(roundTripsPerPair, timeout)).ConfigureAwait(false));
        }
        var total = roundTripsPerPair * raw.Pairs;
        return (new ThroughputResult(scenario, "raw channels", raw.Pairs, total, rawSamples),
                new ThroughputResult(scenario, "kernel", kernel.Pairs, total, kernelSamples));
    }
}
