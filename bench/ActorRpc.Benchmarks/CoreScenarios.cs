using ActorRpc.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using ActorRpc.Actors.Runtime;
using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using ActorRpc.Actors.Plugins;
using ActorRpc.Actors.Router;
using ActorRpc.Messages.Dfproto;
using ActorRpc.Plugins.Sample;
using ActorRpc.PluginSdk;

namespace ActorRpc.Benchmarks;

/// <summary>
/// The core section: the node's core (<see cref="NodeCore"/>: router, bots, plugin host with the sample
/// plugin) beside bare Akka actors answering at once, each scenario in its own actor system.
/// </summary>
internal static class CoreScenarios
{
    private static readonly TimeSpan s_askTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The echo input: one shared message, as the Akka scenarios share their Ping.</summary>
    private static readonly StringMessage s_echoInput = new() { Value = "x" };

    /// <summary>Scenario 1: <c>status alpha</c> to one bot vs asks to one bare actor, from concurrent callers.</summary>
    public static async Task<(CallsResult Baseline, CallsResult Core)> StatusOneBotAsync(BenchOptions options, Report report, TimeSpan timeout)
    {
        await using var node = await CoreNode.StartAsync("core-status-one", ["alpha"], timeout).ConfigureAwait(false);
        var responder = node.System.ActorOf(Props.Create(() => new PongerActor()), "responder");
        var result = await Measure.CompareCallsAsync(
            "status, 1 bot", options.CoreCallers, options.CoreCalls, options.CoreRepeats,
            "bare Akka Ask, 1 actor", _ => AskPongAsync(responder),
            "router `status alpha`", _ => CommandAsync(node.Router, "status alpha"),
            timeout).ConfigureAwait(false);
        node.NoteDeadLetters(report, "status, 1 bot");
        return result;
    }

    /// <summary>Scenario 2: <c>status bot-N</c> over many bots vs asks spread over as many bare actors.</summary>
    public static async Task<(CallsResult Baseline, CallsResult Core)> StatusManyBotsAsync(BenchOptions options, Report report, TimeSpan timeout)
    {
        var count = options.ManyBots;
        var names = Enumerable.Range(0, count).Select(static n => $"bot-{n}").ToArray();
        var commands = names.Select(static name => $"status {name}").ToArray();
        await using var node = await CoreNode.StartAsync("core-status-many", names, timeout).ConfigureAwait(false);
        var responders = new IActorRef[count];
        for (var n = 0; n < count; n++)
        {
            responders[n] = node.System.ActorOf(Props.Create(() => new PongerActor()), $"responder-{n}");
        }
        var scenario = $"status, {count:N0} bots";
        var result = await Measure.CompareCallsAsync(
            scenario, options.CoreCallers, options.CoreCalls, options.CoreRepeats,
            $"bare Akka Ask, {count:N0} actors", i => AskPongAsync(responders[i % count]),
            "router `status bot-N`", i => CommandAsync(node.Router, commands[i % count]),
            timeout).ConfigureAwait(false);
        node.NoteDeadLetters(report, scenario);
        return result;
    }

    /// <summary>Scenario 3: <c>sample::echo</c> through <see cref="CommandRouter.CallAsync"/> vs asks to one bare actor.</summary>
    public static async Task<(CallsResult Baseline, CallsResult Core)> EchoCallsAsync(BenchOptions options, Report report, TimeSpan timeout)
    {
        await using var node = await CoreNode.StartAsync("core-echo", [], timeout).ConfigureAwait(false);
        var bound = node.Router.Bind("sample", "echo", StringMessage.Descriptor.FullName, StringMessage.Descriptor.FullName);
        var echo = bound.Method ?? throw new BenchmarkFailedException($"bind sample::echo failed: {bound.ErrorText}");
        var responder = node.System.ActorOf(Props.Create(() => new PongerActor()), "responder");
        var result = await Measure.CompareCallsAsync(
            "RPC sample::echo", options.CoreCallers, options.CoreCalls, options.CoreRepeats,
            "bare Akka Ask, 1 actor", _ => AskPongAsync(responder),
            "router CallAsync", _ => EchoAsync(node.Router, echo),
            timeout).ConfigureAwait(false);
        node.NoteDeadLetters(report, "RPC sample::echo");
        return result;
    }

    /// <summary>
    /// Scenario 4: start-up with many idle bots (until the routing table lists them all) against reading and
    /// parsing their files, and the managed memory per idle bot against a core with none.
    /// </summary>
    public static async Task<StartupResult> StartupAsync(BenchOptions options, Report report, TimeSpan timeout)
    {
        var count = options.StartupBots;
        var botsDirectory = CoreNode.CreateTemporaryDirectory("startup");
        var emptyDirectory = CoreNode.CreateTemporaryDirectory("empty");
        try
        {
            var writeStart = Stopwatch.GetTimestamp();
            for (var n = 0; n < count; n++)
            {
                File.WriteAllText(Path.Combine(botsDirectory, $"bot-{n}.json"), """{"Enabled": false}""");
            }
            var writeTime = Stopwatch.GetElapsedTime(writeStart);

            var runs = new List<StartupRun>(options.StartupRepeats);
            for (var r = 0; r < options.StartupRepeats; r++)
            {
                var last = r == options.StartupRepeats - 1;
                runs.Add(await StartupRunAsync(r, count, botsDirectory, emptyDirectory, last ? options.CoreCalls / 10 : 0, options.CoreCallers, report, timeout).ConfigureAwait(false));
            }
            return new StartupResult(count, writeTime, runs);
        }
        finally
        {
            CoreNode.DeleteDirectory(botsDirectory);
            CoreNode.DeleteDirectory(emptyDirectory);
        }
    }

    private static async Task<StartupRun> StartupRunAsync(
        int run, int count, string botsDirectory, string emptyDirectory, int statusCalls, int callers, Report report, TimeSpan timeout)
    {
        // Baseline: what any start-up must do at least, read and parse every file.
        var parse = await Measure.TimeAsync(() =>
        {
            var parsed = 0;
            foreach (var file in Directory.EnumerateFiles(botsDirectory, "*.json"))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                parsed += document.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
            }
            return parsed == count ? Task.CompletedTask : throw new BenchmarkFailedException($"parse baseline: {parsed} of {count} files parsed.");
        }).ConfigureAwait(false);

        // The reference heap: a fresh system and core with no bots, alive while measured.
        long emptyHeap;
        await using (var empty = await CoreNode.StartAsync($"core-empty-{run}", emptyDirectory, 0, timeout).ConfigureAwait(false))
        {
            await empty.Router.RunCommandLineAsync("status", NullCommandOutput.Instance).ConfigureAwait(false);
            emptyHeap = GC.GetTotalMemory(forceFullCollection: true);
        }

        GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = WorkingSet();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var system = ActorSystem.Create($"core-startup-{run}");
        try
        {
            // Timed on a thread of its own: a spinning pool thread would take a worker from the bots being created.
            var startup = await Task.Factory.StartNew(
                () => CoreNode.StartAndSpin(system, CoreNode.Options(botsDirectory), count, timeout),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            var router = startup.Router;
            await CoreNode.WaitReadyAsync(router, count, timeout).ConfigureAwait(false);
            var startupAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            // Every bot answers (so each has handled its configuration) before the heap is measured.
            var statusAll = await StatusAllAsync(router, count).ConfigureAwait(false);
            var loadedHeap = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetAfter = WorkingSet();

            // Extra: one bot's status when the table holds every bot (no baseline: how the router scales).
            LatencyResult? statusAtScale = null;
            if (statusCalls > 0)
            {
                var commands = Enumerable.Range(0, count).Select(static n => $"status bot-{n}").ToArray();
                var ticks = new long[statusCalls];
                var total = await Measure.TimeAsync(() => ConcurrentCalls.RunAsync(
                    $"status bot-N at {count} bots", callers, ticks, i => CommandAsync(router, commands[i % count]), timeout)).ConfigureAwait(false);
                statusAtScale = new LatencyResult("router `status bot-N`", ticks, total);
            }

            if (DeadLetters.Of(system) != 0)
            {
                report.Note($"start-up run {run + 1}: {DeadLetters.Of(system)} dead letters in the actor system before termination.");
            }
            var terminateStart = Stopwatch.GetTimestamp();
            await CoreNode.TerminateAsync(system).ConfigureAwait(false);
            var terminate = Stopwatch.GetElapsedTime(terminateStart);
            return new StartupRun(startup.Elapsed, parse.Elapsed, startupAllocated, emptyHeap, loadedHeap, workingSetBefore, workingSetAfter, statusAll, terminate, statusAtScale);
        }
        finally
        {
            await CoreNode.TerminateAsync(system).ConfigureAwait(false);
        }
    }

    /// <summary>The <c>status</c> command over every bot, timed; its text (a line per bot) is not kept.</summary>
    private static async Task<TimeSpan> StatusAllAsync(CommandRouter router, int count)
    {
        var start = Stopwatch.GetTimestamp();
        var status = await router.RunCommandLineAsync("status", NullCommandOutput.Instance).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (status.Code != CommandResultCode.Ok || !status.Text.EndsWith($"There are 0/{count} bots running\n", StringComparison.Ordinal))
        {
            throw new BenchmarkFailedException($"status of all {count} bots: {status.Code}, ending '{status.Text[Math.Max(0, status.Text.Length - 200)..]}'.");
        }
        return elapsed;
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static async Task AskPongAsync(IActorRef responder)
    {
        var reply = await responder.Ask<Pong>(Ping.Instance, s_askTimeout).ConfigureAwait(false);
        if (!ReferenceEquals(reply, Pong.Instance))
        {
            throw new BenchmarkFailedException($"Akka ask: unexpected reply {reply}.");
        }
    }

    private static async Task CommandAsync(CommandRouter router, string command)
    {
        var result = await router.RunCommandLineAsync(command, NullCommandOutput.Instance).ConfigureAwait(false);
        if (result.Code != CommandResultCode.Ok)
        {
            throw new BenchmarkFailedException($"`{command}`: {result.Code} {result.Text.TrimEnd()}");
        }
    }

    private static async Task EchoAsync(CommandRouter router, RpcMethod echo)
    {
        var result = await router.CallAsync(echo, s_echoInput, NullCommandOutput.Instance).ConfigureAwait(false);
        if (result.Code != CommandResultCode.Ok || result.Output is not StringMessage { Value: "x" })
        {
            throw new BenchmarkFailedException($"sample::echo: {result.Code} {result.Output}");
        }
    }
}

/// <summary>One start-up of the core with every bot, and what was measured around it.</summary>
/// <param name="Startup">From <see cref="NodeCore.Start"/> until the routing table lists every bot.</param>
/// <param name="Parse">The baseline: reading and parsing every bot file with <see cref="JsonDocument"/>.</param>
/// <param name="StartupAllocated">Bytes allocated by the process from start until ready.</param>
/// <param name="EmptyHeap">Managed heap with a fresh system and core with no bots.</param>
/// <param name="LoadedHeap">Managed heap with the system and core holding every bot.</param>
/// <param name="WorkingSetBefore">Process working set before the start.</param>
/// <param name="WorkingSetAfter">Process working set with every bot loaded.</param>
/// <param name="StatusAll">The <c>status</c> command over every bot (one line each and the summary).</param>
/// <param name="Terminate">Terminating the system with every bot.</param>
/// <param name="StatusAtScale">One bot's status from concurrent callers while the table holds every bot (last run only).</param>
internal sealed record StartupRun(
    TimeSpan Startup,
    TimeSpan Parse,
    long StartupAllocated,
    long EmptyHeap,
    long LoadedHeap,
    long WorkingSetBefore,
    long WorkingSetAfter,
    TimeSpan StatusAll,
    TimeSpan Terminate,
    LatencyResult? StatusAtScale);

/// <summary>The start-up scenario's runs.</summary>
internal sealed record StartupResult(int Bots, TimeSpan WriteFiles, IReadOnlyList<StartupRun> Runs)
{
    /// <summary>The run with the median start-up time (its figures are the reported ones).</summary>
    public StartupRun Median => Runs.OrderBy(static r => r.Startup).ElementAt(Runs.Count / 2);

    public TimeSpan MedianParse => Runs.Select(static r => r.Parse).Order().ElementAt(Runs.Count / 2);

    public double MedianBytesPerBot => Runs.Select(r => (double)(r.LoadedHeap - r.EmptyHeap) / Bots).Order().ElementAt(Runs.Count / 2);

    public StartupRun Last => Runs[^1];
}

/// <summary>A node core in a fresh actor system, its bots in a temporary directory; disposing terminates and deletes both.</summary>
internal sealed class CoreNode : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private CoreNode(ActorSystem system, CommandRouter router, string botsDirectory, bool ownsDirectory)
    {
        System = system;
        Router = router;
        BotsDirectory = botsDirectory;
        _ownsDirectory = ownsDirectory;
    }

    public ActorSystem System { get; }

    public CommandRouter Router { get; }

    public string BotsDirectory { get; }

    /// <summary>The core's settings: defaults, the sample plugin built in, no plugins directory.</summary>
    public static CoreOptions Options(string botsDirectory) =>
        new() { NodeName = "bench", BotsDirectory = botsDirectory, PluginsDirectory = null, OwnerId = 1 };

    /// <summary>Writes a disabled bot file per name into a new temporary directory, then starts a core on it.</summary>
    public static async Task<CoreNode> StartAsync(string systemName, IReadOnlyList<string> bots, TimeSpan timeout)
    {
        var directory = CreateTemporaryDirectory(systemName);
        try
        {
            foreach (var bot in bots)
            {
                File.WriteAllText(Path.Combine(directory, bot + ".json"), """{"Enabled": false}""");
            }
            return await StartAsync(systemName, directory, bots.Count, timeout, ownsDirectory: true).ConfigureAwait(false);
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Starts a core on an existing directory of <paramref name="bots"/> bot files (left in place at the end).</summary>
    public static Task<CoreNode> StartAsync(string systemName, string directory, int bots, TimeSpan timeout) =>
        StartAsync(systemName, directory, bots, timeout, ownsDirectory: false);

    private static async Task<CoreNode> StartAsync(string systemName, string directory, int bots, TimeSpan timeout, bool ownsDirectory)
    {
        var system = ActorSystems.Create(systemName, NullLoggerFactory.Instance);
        try
        {
            var router = NodeCore.Start(system, NullLoggerFactory.Instance, Options(directory), [new SamplePlugin()]);
            await WaitReadyAsync(router, bots, timeout).ConfigureAwait(false);
            return new CoreNode(system, router, directory, ownsDirectory);
        }
        catch
        {
            await TerminateAsync(system).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until the table lists <paramref name="bots"/> bots and the sample plugin.</summary>
    public static async Task WaitReadyAsync(CommandRouter router, int bots, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        while (router.Table.Bots.Count < bots || !router.Table.Plugins.ContainsKey("sample"))
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new BenchmarkFailedException(
                    $"core not ready after {timeout.TotalSeconds:0} s: {router.Table.Bots.Count} of {bots} bots, plugins [{string.Join(", ", router.Table.Plugins.Keys)}].");
            }
            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the core and spins (yielding, then sleeping 1 ms at a time) until the table lists every bot;
    /// blocks its thread, so run it on a thread of its own.
    /// </summary>
    public static (CommandRouter Router, TimeSpan Elapsed) StartAndSpin(ActorSystem system, CoreOptions options, int bots, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        var router = NodeCore.Start(system, NullLoggerFactory.Instance, options, [new SamplePlugin()]);
        var spin = new SpinWait();
        while (router.Table.Bots.Count < bots)
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new BenchmarkFailedException($"start-up: {router.Table.Bots.Count} of {bots} bots after {timeout.TotalSeconds:0} s.");
            }
            spin.SpinOnce();
        }
        return (router, Stopwatch.GetElapsedTime(start));
    }

    public void NoteDeadLetters(Report report, string scenario)
    {
        if (DeadLetters.Of(System) != 0)
        {
            report.Note($"{scenario}: {DeadLetters.Of(System)} dead letters in the actor system (messages were lost or late).");
        }
    }

    public static string CreateTemporaryDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"actorrpc-bench-{name}-{Guid.NewGuid():N}");
        global::System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteDirectory(string path)
    {
        try
        {
            global::System.IO.Directory.Delete(path, recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"warning: could not delete {path}: {ex.Message}");
        }
    }

    /// <summary>Terminates; bounded so a core that cannot stop does not hang the benchmark.</summary>
    public static async Task TerminateAsync(ActorSystem system)
    {
        try
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"warning: actor system {system.Name} did not terminate within 30 s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await TerminateAsync(System).ConfigureAwait(false);
        if (_ownsDirectory)
        {
            DeleteDirectory(BotsDirectory);
        }
    }
}
