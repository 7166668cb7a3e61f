using ActorRpc.Actors.Runtime;
using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Tcp;

namespace ActorRpc.Benchmarks;

/// <summary>
/// Runs the Akka section (Akka.NET actors beside raw channels), the core section (the node's core beside bare
/// Akka actors), the TCP section (the TCP gateway beside a bare framed echo server), the metrics section (TCP
/// ping-pong with metrics off and on; ProgramMetrics.cs) and the HTTP section (the HTTP gateway beside bare Kestrel,
/// loaded by wrk; ProgramHttp.cs) and the cluster section (nodes in this process on a private rabbitmq-server,
/// beside raw RabbitMQ RPC; ProgramCluster.cs), and prints and saves a report per section.
/// </summary>
internal static partial class Program
{
    /// <summary>Past this a run counts as hung (a full run takes a few seconds).</summary>
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The issue's start-up target for a node with 10,000 idle bots.</summary>
    private static readonly TimeSpan s_startupTarget = TimeSpan.FromSeconds(3);

    /// <summary>The issue's memory target per idle bot.</summary>
    private const long BytesPerBotTarget = 4 * 1024;

    /// <summary>The Akka move's target for the gateway's GetVersion ping-pong round trips: this share of the bare echo's.</summary>
    private const double PingPongTargetRatio = 0.90;

    /// <summary>The Akka move's target for GetVersion pipelined ×128 on one connection: this share of the bare echo's.</summary>
    private const double PipelinedTargetRatio = 0.40;

    /// <summary>The first TCP issue's target for pipelined calls over 64 connections (the Akka move set none for it).</summary>
    private const double ManyConnectionsTargetRatio = 0.25;

    /// <summary>The Akka move's target for RunCommand `version` ping-pong: this share of the bare echo's.</summary>
    private const double RunCommandTargetRatio = 0.70;

    /// <summary>The issue's memory target per idle TCP connection.</summary>
    private const long BytesPerConnectionTarget = 32 * 1024;

    private static async Task<int> Main(string[] args)
    {
        if (BenchOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project bench/ActorRpc.Benchmarks [-- [--quick] [--only akka|core|tcp|metrics|http|cluster]]");
            Console.Error.WriteLine("  --quick         10x fewer iterations (smoke run; figures are noisier)");
            Console.Error.WriteLine("  --only akka     only the Akka.NET section (Akka actors vs raw channels)");
            Console.Error.WriteLine("  --only core     only the core section (router, bots, methods vs bare Akka actors)");
            Console.Error.WriteLine("  --only tcp      only the TCP section (the TCP gateway vs a bare framed echo server)");
            Console.Error.WriteLine("  --only metrics  only the metrics section (TCP ping-pong with the ActorRpc meter's metrics off vs on)");
            Console.Error.WriteLine("  --only http     only the HTTP section (the HTTP gateway vs bare Kestrel, loaded by wrk)");
            Console.Error.WriteLine("  --only cluster  only the cluster section (nodes on a private rabbitmq-server vs raw RabbitMQ RPC; Linux)");
            return 2;
        }

        var failed = false;
        var written = new List<string>();
        if (options.Akka)
        {
            failed |= await RunAkkaSectionAsync(args, options, written).ConfigureAwait(false);
        }
        if (options.Core)
        {
            if (options.Akka)
            {
                Console.WriteLine();
            }
            failed |= await RunCoreSectionAsync(args, options, written).ConfigureAwait(false);
        }
        if (options.Tcp)
        {
            if (options.Akka || options.Core)
            {
                Console.WriteLine();
            }
            failed |= await RunTcpSectionAsync(args, options, written).ConfigureAwait(false);
        }
        // Before http: the HTTP gateway's own meter provider must not be listening while metrics are meant to be off.
        if (options.Metrics)
        {
            if (options.Akka || options.Core || options.Tcp)
            {
                Console.WriteLine();
            }
            failed |= await RunMetricsSectionAsync(args, options, written).ConfigureAwait(false);
        }
        if (options.Http)
        {
            if (options.Akka || options.Core || options.Tcp || options.Metrics)
            {
                Console.WriteLine();
            }
            failed |= await RunHttpSectionAsync(args, options, written).ConfigureAwait(false);
        }
        if (options.Cluster)
        {
            if (options.Akka || options.Core || options.Tcp || options.Metrics || options.Http)
            {
                Console.WriteLine();
            }
            if (OperatingSystem.IsLinux())
            {
                failed |= await RunClusterSectionAsync(args, options, written).ConfigureAwait(false);
            }
            else
            {
                Console.Error.WriteLine("error: the cluster section needs Linux (Debian's rabbitmq-server, driven with POSIX signals); skipped.");
                failed = true;
            }
        }
        Console.WriteLine();
        foreach (var path in written)
        {
            Console.WriteLine($"Written to {path}");
        }
        return failed ? 1 : 0;
    }

    /// <summary>Akka.NET actors against raw channels; true if a scenario failed.</summary>
    private static async Task<bool> RunAkkaSectionAsync(string[] args, BenchOptions options, List<string> written)
    {
        var report = new Report();
        WriteHeader(report, "ActorRpc Akka.NET benchmark", args, options,
            "- Akka.NET 1.5.75: the node's settings (ActorSystems.BaseHocon), default dispatcher");
        Console.Write(report.TakeNew());
        var wallClock = Stopwatch.StartNew();
        var failed = false;

        await using (var akka = new AkkaScenarios())
        {
            var throughput = new List<(ThroughputResult Raw, ThroughputResult Actors)>();
            foreach (var (scenario, pairs) in options.PairScenarios())
            {
                Console.Error.WriteLine($"running: {scenario} ...");
                var deadLettersBefore = akka.DeadLetters;
                try
                {
                    var perPair = options.RoundTripsPerPair(pairs);
                    throughput.Add(await Measure.ComparePairsAsync(
                        scenario,
                        new RawPairs(pairs),
                        akka.CreatePairs(pairs),
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
                NoteDeadLetters(report, akka, deadLettersBefore, scenario);
            }
            report.ThroughputTable(throughput, options.Repeats);

            Console.Error.WriteLine("running: ask latency ...");
            var askDeadLettersBefore = akka.DeadLetters;
            try
            {
                var (raw, actor) = await CompareAskAsync(akka, options).ConfigureAwait(false);
                report.LatencyTable(raw, actor);
            }
            catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException)
            {
                failed = true;
                report.Note($"FAILED ask latency: {ex.GetType().Name}: {ex.Message}");
            }
            NoteDeadLetters(report, akka, askDeadLettersBefore, "ask latency");
        }

        report.Note($"Total wall time {wallClock.Elapsed.TotalSeconds:0.0} s.");
        report.Finish(
        [
            "akka/raw: Akka throughput as a share of raw channels (for ask: raw mean latency / Akka mean latency); the target is >= 50 % for ping-pong and many pairs.",
            "Runs ns/rt: the fastest and slowest of the timed runs (the median is in ns/round trip). Alloc: bytes allocated by the whole process during the run, per round trip or call.",
        ]);
        Console.Write(report.TakeNew());
        written.Add(SaveResults(report.Text, "akka-latest.md"));
        return failed;
    }

    /// <summary>The node's core against bare Akka actors, each scenario in its own actor system; true if a scenario failed.</summary>
    private static async Task<bool> RunCoreSectionAsync(string[] args, BenchOptions options, List<string> written)
    {
        var report = new Report();
        WriteHeader(report, "ActorRpc core benchmark", args, options,
            $"- Core: `NodeCore.Start` with the sample plugin built in, default `CoreOptions` (actor timeout {new CoreOptions().ActorTimeout.TotalSeconds:0} s, {new CoreOptions().MaxConcurrentCalls} concurrent calls per method), no plugins directory, bot files in a temporary directory; Akka settings as on a node (ActorSystems.BaseHocon)");
        Console.Write(report.TakeNew());
        var wallClock = Stopwatch.StartNew();
        var failed = false;

        var calls = new List<(CallsResult Baseline, CallsResult Core)>();
        var scenarios = new (string Name, Func<BenchOptions, Report, TimeSpan, Task<(CallsResult, CallsResult)>> Run)[]
        {
            ("status, 1 bot", CoreScenarios.StatusOneBotAsync),
            ($"status, {options.ManyBots:N0} bots", CoreScenarios.StatusManyBotsAsync),
            ("RPC sample::echo", CoreScenarios.EchoCallsAsync),
        };
        foreach (var (name, run) in scenarios)
        {
            Console.Error.WriteLine($"running: core {name} ...");
            try
            {
                calls.Add(await run(options, report, s_runTimeout).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException)
            {
                failed = true;
                report.Note($"FAILED {name}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        report.CallsTable(calls, options.CoreRepeats);

        Console.Error.WriteLine($"running: core start-up and memory, {options.StartupBots:N0} bots ...");
        try
        {
            var startup = await CoreScenarios.StartupAsync(options, report, s_runTimeout).ConfigureAwait(false);
            report.StartupTable(startup, s_startupTarget, BytesPerBotTarget);
            if (startup.Median.Startup >= s_startupTarget || startup.MedianBytesPerBot > BytesPerBotTarget)
            {
                report.Note("A start-up or memory target was missed (FAIL above); the exit code does not count it as a failed scenario.");
            }
        }
        catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException)
        {
            failed = true;
            report.Note($"FAILED start-up and memory: {ex.GetType().Name}: {ex.Message}");
        }

        report.Note($"Total wall time {wallClock.Elapsed.TotalSeconds:0.0} s.");
        report.Finish(
        [
            $"core/akka: the core's calls/s as a share of the bare-actor baseline in the same run (what the router, bot or method actor add on top of one bare Akka ask). Baselines: `Ask<Pong>` from the same {options.CoreCallers} callers to actors that answer at once; for {options.ManyBots:N0} bots, to {options.ManyBots:N0} actors picked the same way (call i goes to number i % {options.ManyBots:N0}).",
            "Mean µs: the mean of each call's own duration as its caller saw it (with concurrent callers, about callers / calls per second). Runs calls/s: the slowest and fastest timed runs. Alloc: bytes allocated by the whole process during the run, per call; Gen2 GCs: full collections during the run (the median one).",
            "Start-up: timed on a thread of its own that polls the routing table (yielding, then sleeping 1 ms at a time). Memory: `GC.GetTotalMemory(forceFullCollection: true)` with the loaded core, minus the same with a fresh system and core with no bots, divided by the bots; measured after `status` has had every bot answer.",
        ]);
        Console.Write(report.TakeNew());
        written.Add(SaveResults(report.Text, "core-latest.md"));
        return failed;
    }

    /// <summary>The TCP gateway against a bare framed echo server, both in this process on 127.0.0.1; true if a scenario failed.</summary>
    private static async Task<bool> RunTcpSectionAsync(string[] args, BenchOptions options, List<string> written)
    {
        var report = new Report();
        var gatewayOptions = new TcpGatewayOptions();
        WriteHeader(report, "ActorRpc TCP gateway benchmark", args, options,
            $"- Gateway: `TcpGateway` in process (default options, {gatewayOptions.MaxInFlight} requests in flight per connection) over `NodeCore.Start` with the sample plugin built in, owner 1; " +
            "baseline: a bare framed echo server in the same process (same handshake and framing, System.IO.Pipelines over a `NetworkStream`, no actors) answering every request with a RESULT carrying the gateway's GetVersion body; " +
            "client: a raw `Socket` with its own frame reader and writer, in the same process; 127.0.0.1, `NoDelay` on every socket; Akka settings as on a node (ActorSystems.BaseHocon)");
        Console.Write(report.TakeNew());
        var wallClock = Stopwatch.StartNew();
        var failed = false;
        var loadBefore = LoadAverage();

        TcpScenarios? tcp = null;
        try
        {
            Console.Error.WriteLine("running: tcp start gateway and bare echo ...");
            tcp = await TcpScenarios.StartAsync(s_runTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            failed = true;
            report.Note($"FAILED start: {ex.GetType().Name}: {ex.Message}");
        }

        if (tcp is not null)
        {
            await using (tcp.ConfigureAwait(false))
            {
                report.Note($"GetVersion RESULT body: {tcp.VersionBodyLength} bytes (`{tcp.VersionText}`), the bare echo's reply to every request.");
                var comparisons = new List<TcpComparison>();
                var scenarios = new TcpScenario[]
                {
                    new("GetVersion ping-pong", 1, 1, options.TcpPingPongRoundTrips, PingPongTargetRatio, RunCommand: false),
                    new("GetVersion pipelined", 1, 128, options.TcpPipelinedRoundTrips, PipelinedTargetRatio, RunCommand: false),
                    new("GetVersion pipelined, 64 conns", 64, 16, options.TcpPipelinedRoundTrips, ManyConnectionsTargetRatio, RunCommand: false),
                    new("RunCommand `version` ping-pong", 1, 1, options.TcpPingPongRoundTrips, RunCommandTargetRatio, RunCommand: true),
                };
                foreach (var scenario in scenarios)
                {
                    Console.Error.WriteLine($"running: tcp {scenario.Name} ...");
                    try
                    {
                        var comparison = await tcp.CompareAsync(scenario, options.TcpRepeats, s_runTimeout).ConfigureAwait(false);
                        comparisons.Add(comparison);
                        if (scenario.RunCommand)
                        {
                            report.Note($"{scenario.Name}: the gateway sent {comparison.TextFramesPerCall:0.00} TEXT frames per call before its RESULT (empty body); the bare echo answers the same request frame with its RESULT only.");
                        }
                    }
                    catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException)
                    {
                        failed = true;
                        report.Note($"FAILED {scenario.Name}: {ex.GetType().Name}: {ex.Message}");
                    }
                }
                report.TcpTable(comparisons, options.TcpRepeats);
                if (comparisons.Find(static c => c.Scenario.RunCommand) is { } command && comparisons.Find(static c => c.Scenario.Name == "GetVersion ping-pong") is { } version)
                {
                    var (router, activity) = await tcp.AllocationBreakdownAsync().ConfigureAwait(false);
                    var rest = command.Gateway.BytesPerRoundTrip - version.Gateway.BytesPerRoundTrip - router - activity;
                    report.Note($"Where RunCommand `version`'s {command.Gateway.BytesPerRoundTrip:N0} B per round trip go (whole process): {version.Gateway.BytesPerRoundTrip:N0} B as for GetVersion (the request and RESULT frames, both sides); " +
                        $"{router:N0} B the router (`RunCommandAsync(\"version\")` alone, in process: command line, built-in, recorded output text, result); {activity:N0} B the call's request activity (every TCP call starts one, for its trace id in log lines); " +
                        $"{rest:N0} B the rest: the connection's call plumbing (the async call and its closure, the output line as a CallText message and a TEXT frame, the completion message) and the client reading the TEXT frame.");
                }
                if (comparisons.Any(static c => !c.Passed))
                {
                    report.Note("A round-trip target was missed (FAIL above); the exit code does not count it as a failed scenario.");
                }

                Console.Error.WriteLine($"running: tcp {options.TcpIdleConnections:N0} idle connections ...");
                try
                {
                    var (gateway, bare) = await tcp.IdleConnectionsAsync(options.TcpIdleConnections, s_runTimeout).ConfigureAwait(false);
                    report.IdleTable(gateway, bare, BytesPerConnectionTarget);
                    if (gateway.HeapPerConnection > BytesPerConnectionTarget || gateway.WorkingSetPerConnection > BytesPerConnectionTarget)
                    {
                        report.Note("A memory target was missed (FAIL above); the exit code does not count it as a failed scenario.");
                    }
                }
                catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException)
                {
                    failed = true;
                    report.Note($"FAILED idle connections: {ex.GetType().Name}: {ex.Message}");
                }

                if (tcp.DeadLetters != 0)
                {
                    report.Note($"{tcp.DeadLetters} dead letters in the gateway's actor system (messages were lost or late).");
                }
            }
        }

        report.Note($"Total wall time {wallClock.Elapsed.TotalSeconds:0.0} s.{(loadBefore is null ? "" : $" Load average (1, 5, 15 min) at start {loadBefore}, at end {LoadAverage()}: client, servers and whatever else runs share the cores.")}");
        report.Finish(
        [
            $"gateway/bare: the gateway's round trips/s as a share of the bare echo's in the same run, same client, same connections × requests in flight. Targets: >= {PingPongTargetRatio * 100:0} % for GetVersion ping-pong, >= {PipelinedTargetRatio * 100:0} % for GetVersion pipelined ×128, >= {RunCommandTargetRatio * 100:0} % for RunCommand `version` ping-pong (the move onto Akka.NET's); >= {ManyConnectionsTargetRatio * 100:0} % over 64 connections (the first TCP issue's). RunCommand runs a router command on the node's core; the echo only answers the same frame.",
            "Ping-pong: one request at a time, the next sent when the RESULT is in. Pipelined: a writer keeps the window full (it sends as many requests as were answered, in one write) while a reader counts the RESULTs; every reply is checked for its frame id and size, and a run fails on a missing, extra or unexpected frame.",
            "µs/round trip: wall time / round trips (for ping-pong the latency of one call; pipelined, the inverse of throughput). Replies/read: RESULT frames per client receive call (below 1: a reply came in several writes; above 1: the server batched replies into one write). Alloc: bytes allocated by the whole process (client, server, gateway) during the run, per round trip; Gen2 GCs: full collections during the median run.",
            "Idle connections: `GC.GetTotalMemory(forceFullCollection: true)` and the working set with every connection open and handshaken (and the server reporting them all: the gateway through `CountConnectionsAsync`), minus the same just before opening them, divided by the connections. Both include the client's own socket per connection (same process); gateway − bare is what the gateway adds over a minimal Pipelines server. Each reading follows an aggressive full collection (`GCCollectionMode.Aggressive`, which decommits what it can); the working set still includes native memory the runtime keeps, so it is only a hint.",
        ]);
        Console.Write(report.TakeNew());
        written.Add(SaveResults(report.Text, "tcp-latest.md"));
        return failed;
    }

    /// <summary>The first three fields of /proc/loadavg, or null where there is none.</summary>
    private static string? LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task<(LatencyResult Raw, LatencyResult Actors)> CompareAskAsync(AkkaScenarios akka, BenchOptions options)
    {
        var responder = akka.CreateResponder();
        await using var rawResponder = RawChannelScenarios.CreateResponder();
        var warmup = new long[Math.Max(1, options.AskCalls / 10)];
        await rawResponder.AskAsync(warmup).ConfigureAwait(false);
        await AkkaScenarios.AskAsync(responder, warmup).ConfigureAwait(false);

        var rawTicks = new long[options.AskCalls];
        var rawTotal = await Measure.TimeAsync(() => rawResponder.AskAsync(rawTicks)).ConfigureAwait(false);
        var actorTicks = new long[options.AskCalls];
        var actorTotal = await Measure.TimeAsync(() => AkkaScenarios.AskAsync(responder, actorTicks)).ConfigureAwait(false);
        return (new LatencyResult("raw channel + TCS", rawTicks, rawTotal), new LatencyResult("Akka Ask", actorTicks, actorTotal));
    }

    private static void NoteDeadLetters(Report report, AkkaScenarios akka, long before, string scenario)
    {
        var deadLetters = akka.DeadLetters - before;
        if (deadLetters != 0)
        {
            report.Note($"{scenario}: {deadLetters} dead letters in the actor system (messages were lost or late).");
        }
    }

    private static void WriteHeader(Report report, string title, string[] args, BenchOptions options, string subject)
    {
        report.Line($"# {title}");
        report.Line();
        report.Line($"- Command: `dotnet run -c Release --project bench/ActorRpc.Benchmarks{(args.Length > 0 ? " -- " + string.Join(' ', args) : "")}`");
        report.Line($"- Process: `{Environment.CommandLine}`");
        report.Line($"- Machine: {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        report.Line($"- Runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC ({GCSettings.LatencyMode}), {BuildConfiguration} build");
        report.Line(subject);
        report.Line($"- Mode: {(options.Quick ? "quick (10x fewer iterations)" : "full")}; date {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.Line();
    }

    /// <summary>A Debug build would measure the wrong thing; say so in the report.</summary>
#if DEBUG
    private const string BuildConfiguration = "DEBUG (figures not meaningful)";
#else
    private const string BuildConfiguration = "Release";
#endif

    private static string SaveResults(string text, string fileName)
    {
        var directory = Path.Combine(FindRepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
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
