using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using ActorRpc.Actors.Kernel;

namespace ActorRpc.Benchmarks;

/// <summary>Runs every scenario, kernel beside raw channels, and prints and saves one report.</summary>
internal static class Program
{
    /// <summary>Past this a run counts as hung (a full run takes a few seconds).</summary>
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);

    private static async Task<int> Main(string[] args)
    {
        if (BenchOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project bench/ActorRpc.Benchmarks [-- --quick]");
            Console.Error.WriteLine("  --quick   10x fewer iterations (smoke run; figures are noisier)");
            return 2;
        }

        var report = new Report();
        WriteHeader(report, args, options);
        Console.Write(report.TakeNew());
        var wallClock = Stopwatch.StartNew();
        var failed = false;

        await using (var kernel = new KernelScenarios())
        {
            var throughput = new List<(ThroughputResult Raw, ThroughputResult Kernel)>();
            foreach (var (scenario, pairs) in options.PairScenarios())
            {
                Console.Error.WriteLine($"running: {scenario} ...");
                var deadLettersBefore = kernel.DeadLetters;
                try
                {
                    var perPair = options.RoundTripsPerPair(pairs);
                    throughput.Add(await Measure.ComparePairsAsync(
                        scenario,
                        new RawPairs(pairs),
                        kernel.CreatePairs(pairs),
                        perPair,
                        Math.Max(1, perPair / 10),
                        options.Repeats,
                        s_runTimeout).ConfigureAwait(false));
                }
                catch (BenchmarkFailedException ex)
                {
                    failed = true;
                    report.Note($"FAILED {scenario}: {ex.Message}");
                }
                NoteDeadLetters(report, kernel, deadLettersBefore, scenario);
            }
            report.ThroughputTable(throughput, options.Repeats);

            Console.Error.WriteLine("running: ask latency ...");
            var askDeadLettersBefore = kernel.DeadLetters;
            try
            {
                var (raw, actor) = await CompareAskAsync(kernel, options).ConfigureAwait(false);
                report.LatencyTable(raw, actor);
            }
            catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException)
            {
                failed = true;
                report.Note($"FAILED ask latency: {ex.GetType().Name}: {ex.Message}");
            }
            NoteDeadLetters(report, kernel, askDeadLettersBefore, "ask latency");
        }

        report.Note($"Total wall time {wallClock.Elapsed.TotalSeconds:0.0} s.");
        report.Finish();
        Console.Write(report.TakeNew());
        var path = SaveResults(report.Text);
        Console.WriteLine();
        Console.WriteLine($"Written to {path}");
        return failed ? 1 : 0;
    }

    private static async Task<(LatencyResult Raw, LatencyResult Kernel)> CompareAskAsync(KernelScenarios kernel, BenchOptions options)
    {
        var responder = kernel.CreateResponder();
        await using var rawResponder = RawChannelScenarios.CreateResponder();
        var warmup = new long[Math.Max(1, options.AskCalls / 10)];
        await rawResponder.AskAsync(warmup).ConfigureAwait(false);
        await KernelScenarios.AskAsync(responder, warmup).ConfigureAwait(false);

        var rawTicks = new long[options.AskCalls];
        var rawTotal = await Measure.TimeAsync(() => rawResponder.AskAsync(rawTicks)).ConfigureAwait(false);
        var kernelTicks = new long[options.AskCalls];
        var kernelTotal = await Measure.TimeAsync(() => KernelScenarios.AskAsync(responder, kernelTicks)).ConfigureAwait(false);
        return (new LatencyResult("raw channel + TCS", rawTicks, rawTotal), new LatencyResult("kernel Ask", kernelTicks, kernelTotal));
    }

    private static void NoteDeadLetters(Report report, KernelScenarios kernel, long before, string scenario)
    {
        var deadLetters = kernel.DeadLetters - before;
        if (deadLetters != 0)
        {
            report.Note($"{scenario}: {deadLetters} dead letters in the kernel (messages were lost or late).");
        }
    }

    private static void WriteHeader(Report report, string[] args, BenchOptions options)
    {
        report.Line("# ActorRpc kernel benchmark");
        report.Line();
        report.Line($"- Command: `dotnet run -c Release --project bench/ActorRpc.Benchmarks{(args.Length > 0 ? " -- " + string.Join(' ', args) : "")}`");
        report.Line($"- Process: `{Environment.CommandLine}`");
        report.Line($"- Machine: {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        report.Line($"- Runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC ({GCSettings.LatencyMode}), {BuildConfiguration} build");
        report.Line($"- Kernel: default settings (throughput {ActorSystemSettings.Default.Throughput} messages per mailbox run)");
        report.Line($"- Mode: {(options.Quick ? "quick (10x fewer iterations)" : "full")}; date {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.Line();
    }

    /// <summary>A Debug build would measure the wrong thing; say so in the report.</summary>
#if DEBUG
    private const string BuildConfiguration = "DEBUG (figures not meaningful)";
#else
    private const string BuildConfiguration = "Release";
#endif

    private static string SaveResults(string text)
    {
        var directory = Path.Combine(FindRepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "kernel-latest.md");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The folder holding ActorRpc.sln, above the binary or the working directory.</summary>
    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ActorRpc.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return Environment.CurrentDirectory;
    }
}
