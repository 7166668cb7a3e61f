using System.Diagnostics;
using Akka.Actor;
using ActorRpc.Gateways.Http;

namespace ActorRpc.Benchmarks;

/// <summary>The HTTP section: the HTTP gateway beside a bare Kestrel minimal API, both loaded by wrk.</summary>
internal static partial class Program
{
    /// <summary>The issue's target for <c>GET /Api/Command/version</c>: this share of bare Kestrel's <c>GET /ping</c> requests/s.</summary>
    private const double HttpCommandTargetRatio = 0.75;

    /// <summary>The HTTP gateway and a bare Kestrel app in this process on 127.0.0.1, loaded by wrk; true if a scenario failed.</summary>
    private static async Task<bool> RunHttpSectionAsync(string[] args, BenchOptions options, List<string> written)
    {
        var report = new Report();
        var settings = WrkSettings.For(options);
        var failed = false;
        var wallClock = Stopwatch.StartNew();
        var loadBefore = LoadAverage();

        string? wrk = null;
        var wrkVersion = "wrk (missing)";
        try
        {
            wrk = await Wrk.EnsureAsync().ConfigureAwait(false);
            wrkVersion = await Wrk.VersionAsync(wrk).ConfigureAwait(false);
        }
        catch (BenchmarkFailedException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            failed = true;
            report.Note($"FAILED: {ex.Message}");
        }

        var gatewayOptions = new HttpGatewayOptions();
        WriteHeader(report, "ActorRpc HTTP gateway benchmark", args, options,
            $"- Gateway: `HttpGatewayServer` (the hosted service `AddHttpGateway` registers: its own Kestrel app with every gateway middleware and endpoint) in process, on 127.0.0.1 and a free port, no password, owner 1, default options otherwise (max body {gatewayOptions.MaxBodySize:N0} B, CORS `*`); " +
            $"over `NodeCore.Start` with the sample plugin built in and {HttpScenarios.Bots} idle bots (`{{\"Enabled\": false}}`) in a temporary directory; the node's logging keeps warnings and above only; Akka settings as on a node (ActorSystems.BaseHocon)\n" +
            "- Baseline: bare Kestrel in the same process, `WebApplication.CreateSlimBuilder` + `app.MapGet(\"/ping\", () => \"pong\")`, on 127.0.0.1 and a free port, no logging, no `Server` header (as the gateway)\n" +
            $"- Client: {wrkVersion}, a child process (`{settings.Arguments(settings.Duration)}`; POST bodies from a Lua script with `Content-Type: application/json`); wrk and the servers share the machine's cores");
        Console.Write(report.TakeNew());

        if (wrk is not null)
        {
            HttpScenarios? http = null;
            try
            {
                Console.Error.WriteLine($"running: http start bare Kestrel and the gateway ({HttpScenarios.Bots} bots) ...");
                http = await HttpScenarios.StartAsync(s_runTimeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException or TimeoutException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                failed = true;
                report.Note($"FAILED start: {ex.GetType().Name}: {ex.Message}");
            }

            if (http is not null)
            {
                await using (http.ConfigureAwait(false))
                {
                    report.Note($"Bare Kestrel at {http.BareAddress}, the gateway at {http.GatewayAddress} (this run's free ports).");
                    // Every endpoint warmed up first, so that no timed run pays for JIT tiering of code it shares with a later one.
                    var ready = new List<HttpEndpoint>();
                    foreach (var endpoint in HttpScenarios.Endpoints())
                    {
                        Console.Error.WriteLine($"running: http warm-up {endpoint.Name} ({endpoint.Server}) ...");
                        try
                        {
                            await http.WarmUpAsync(wrk, endpoint, settings, s_runTimeout).ConfigureAwait(false);
                            ready.Add(endpoint);
                        }
                        catch (Exception ex) when (ex is BenchmarkFailedException or HttpRequestException or TimeoutException or TaskCanceledException)
                        {
                            failed = true;
                            report.Note($"FAILED {endpoint.Name} (warm-up): {ex.GetType().Name}: {ex.Message}");
                        }
                    }
                    var runs = new List<HttpRun>();
                    foreach (var endpoint in ready)
                    {
                        Console.Error.WriteLine($"running: http {endpoint.Name} ({endpoint.Server}) ...");
                        try
                        {
                            runs.Add(await http.MeasureAsync(wrk, endpoint, settings, s_runTimeout).ConfigureAwait(false));
                        }
                        catch (Exception ex) when (ex is BenchmarkFailedException or HttpRequestException or TimeoutException or TaskCanceledException)
                        {
                            failed = true;
                            report.Note($"FAILED {endpoint.Name}: {ex.GetType().Name}: {ex.Message}");
                        }
                    }

                    var bare = runs.Where(static r => r.Endpoint.Server == "bare Kestrel").Select(static r => r.Wrk.RequestsPerSecond).ToList();
                    var baseline = bare.Count > 0 ? bare.Average() : 0;
                    report.HttpTable(runs, baseline, HttpCommandTargetRatio, settings);
                    if (bare.Count == 2)
                    {
                        report.Note($"vs bare /ping: requests/s as a share of the mean of the two bare Kestrel runs ({bare[0]:N0} and {bare[1]:N0} requests/s; they differ by {Math.Abs(bare[0] - bare[1]) / baseline * 100:0.0} %, a hint of how much the machine drifted during the section).");
                    }
                    if (runs.Find(static r => r.Endpoint.HasTarget) is { } target && baseline > 0 && target.Wrk.RequestsPerSecond / baseline < HttpCommandTargetRatio)
                    {
                        report.Note("The requests/s target was missed (FAIL above); the exit code does not count it as a failed scenario.");
                    }
                    foreach (var run in runs.Where(static r => r.Wrk.SocketErrors != 0))
                    {
                        report.Note($"{run.Endpoint.Name}: wrk socket errors: connect {run.Wrk.ConnectErrors}, read {run.Wrk.ReadErrors}, write {run.Wrk.WriteErrors}, timeout {run.Wrk.Timeouts}.");
                    }
                    if (http.DeadLetters != 0)
                    {
                        report.Note($"{http.DeadLetters:N0} dead letters in the node's actor system in the whole section (messages that found no recipient; per timed run in the extra table).");
                    }
                    if (http.LoggedWarningCount != 0)
                    {
                        report.Note($"The node logged {http.LoggedWarningCount} warnings, errors or (rate-limited) dead-letter lines; the first {http.LoggedWarnings.Count}: {string.Join(" | ", http.LoggedWarnings)}");
                    }
                }
            }
        }

        report.Note($"Total wall time {wallClock.Elapsed.TotalSeconds:0.0} s.{(loadBefore is null ? "" : $" Load average (1, 5, 15 min) at start {loadBefore}, at end {LoadAverage()}: wrk, the servers and whatever else runs share the cores.")}");
        report.Finish(
        [
            $"vs bare /ping: the endpoint's requests/s as a share of bare Kestrel's `GET /ping` in the same section (the mean of its run before and after the gateway's). The issue's target: `GET /Api/Command/version` >= {HttpCommandTargetRatio * 100:0} %. `/HealthCheck` goes through the gateway's middleware and endpoint routing without the router (what the pipeline costs alone); `status ASF` asks all {HttpScenarios.Bots} bot actors and answers their {HttpScenarios.Bots + 1} status lines (Response B below); the echo parses and formats protobuf JSON around one RPC call.",
            "Requests/s, p50, p99 and the socket errors are wrk's: p50/p99 are its latency distribution (`--latency`) over all requests of the timed run, each measured from the request's send to its response on a connection with one request in flight. Every endpoint is first checked with one HttpClient request (200 and the expected body: the `pong` text, `Success: true` with the version text, the 100 status lines, `CR_OK` with `Output {\"value\":\"x\"}`) and again after its run; any non-2xx response fails the section.",
            "Response B: the body of the checked answer (headers not counted). Alloc B/req: bytes allocated by this whole process (Kestrel, the gateway, the core's actors) during the timed run, per request; CPU µs/req: this process's CPU time during the run per request (wrk's own CPU is not in it; with wrk on the same two cores, CPU per request is the steadier comparison between servers). Gen0 / Gen2 GCs: collections during the run (workstation GC, the benchmark project's setting).",
        ]);
        Console.Write(report.TakeNew());
        written.Add(SaveResults(report.Text, "http-latest.md"));
        return failed;
    }
}
