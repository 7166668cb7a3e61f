using ActorRpc.Actors.Runtime;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http;
using ActorRpc.Plugins.Sample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Benchmarks;

/// <summary>One endpoint of the HTTP section: where wrk sends its requests, and what a correct answer looks like.</summary>
/// <param name="Name">The endpoint as the table shows it (method and path).</param>
/// <param name="Server">"bare Kestrel" or "gateway".</param>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">The path and query, from the server's root.</param>
/// <param name="JsonBody">The POST body (sent with Content-Type: application/json), or null for none.</param>
/// <param name="HasTarget">True for the endpoint the issue's target (>= 60 % of bare Kestrel) applies to.</param>
/// <param name="Check">Checks one answer's body (the status must be 200); returns what is wrong, or null.</param>
internal sealed record HttpEndpoint(string Name, string Server, HttpMethod Method, string Path, string? JsonBody, bool HasTarget, Func<string, string?> Check);

/// <summary>What wrk printed for one run, parsed.</summary>
internal sealed record WrkResult(
    long Requests,
    double Seconds,
    double RequestsPerSecond,
    double AverageMs,
    double MaxMs,
    double P50Ms,
    double P75Ms,
    double P90Ms,
    double P99Ms,
    long Non2xx,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long Timeouts,
    string Output)
{
    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;
}

/// <summary>One timed wrk run against one endpoint, with what this process (the servers) spent meanwhile.</summary>
/// <param name="ResponseBytes">The body size of the checked answer (before the run, through HttpClient).</param>
/// <param name="AllocatedBytes">Bytes allocated by this process (both servers, the core's actors) during the run.</param>
/// <param name="CpuTime">This process's CPU time during the run (wrk's is not in it).</param>
/// <param name="DeadLetters">Dead letters in the node's actor system during the run.</param>
internal sealed record HttpRun(HttpEndpoint Endpoint, WrkResult Wrk, int ResponseBytes, long AllocatedBytes, TimeSpan CpuTime, int Gen0Collections, int Gen2Collections, long DeadLetters)
{
    public double BytesPerRequest => Wrk.Requests == 0 ? 0 : (double)AllocatedBytes / Wrk.Requests;

    public double CpuMicrosecondsPerRequest => Wrk.Requests == 0 ? 0 : CpuTime.TotalMicroseconds / Wrk.Requests;
}

/// <summary>The wrk settings of the section.</summary>
/// <param name="Threads">wrk's -t.</param>
/// <param name="Connections">wrk's -c.</param>
/// <param name="Duration">wrk's -d of a timed run.</param>
/// <param name="WarmUp">wrk's -d of the warm-up run before each timed run.</param>
internal sealed record WrkSettings(int Threads, int Connections, TimeSpan Duration, TimeSpan WarmUp)
{
    public static WrkSettings For(BenchOptions options) =>
        new(2, 64, TimeSpan.FromSeconds(options.Quick ? 5 : 10), TimeSpan.FromSeconds(options.Quick ? 2 : 3));

    public string Arguments(TimeSpan duration) => $"-t{Threads} -c{Connections} -d{(int)duration.TotalSeconds}s --latency";
}

/// <summary>
/// The HTTP section: a bare Kestrel minimal API (<c>GET /ping</c>) and the real HTTP gateway
/// (<see cref="HttpGatewayServer"/> over <see cref="NodeCore"/> with the sample plugin and 100 idle bots), both in
/// this process on 127.0.0.1, each endpoint loaded by wrk as a child process.
/// </summary>
internal sealed class HttpScenarios : IAsyncDisposable
{
    /// <summary>The bots of the node (the issue's figure for <c>status ASF</c>).</summary>
    public const int Bots = 100;

    private readonly BareKestrel _bare;

    private readonly HttpGatewayNode _gateway;

    private readonly string _scripts;

    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

    private HttpScenarios(BareKestrel bare, HttpGatewayNode gateway, string scripts)
    {
        _bare = bare;
        _gateway = gateway;
        _scripts = scripts;
    }

    public Uri BareAddress => _bare.Address;

    public Uri GatewayAddress => _gateway.Address;

    public long DeadLetters => Actors.Runtime.DeadLetters.Of(_gateway.System);

    /// <summary>Warnings and errors the gateway and the core logged (the section's logging threshold).</summary>
    public IReadOnlyCollection<string> LoggedWarnings => _gateway.Warnings.Lines;

    public long LoggedWarningCount => _gateway.Warnings.Count;

    /// <summary>The endpoints in the order they are run: the bare baseline first and last (it brackets the gateway's runs).</summary>
    public static IReadOnlyList<HttpEndpoint> Endpoints() =>
    [
        new("GET /ping", "bare Kestrel", HttpMethod.Get, "/ping", null, false, static body => body == "pong" ? null : $"body '{body}', expected 'pong'"),
        new("GET /HealthCheck", "gateway", HttpMethod.Get, "/HealthCheck", null, false,
            static body => CheckEnvelope(body, static result => result.TryGetProperty("Status", out var status) && status.GetString() == "Healthy" ? null : "Result.Status is not Healthy")),
        new("GET /Api/Command/version", "gateway", HttpMethod.Get, "/Api/Command/version", null, true, CheckVersion),
        new("POST /Api/Command {\"Command\":\"status ASF\"}", "gateway", HttpMethod.Post, "/Api/Command", """{"Command":"status ASF"}""", false,
            static body => CheckEnvelope(body, static result => result.ValueKind == JsonValueKind.String && result.GetString()!.Contains($"There are 0/{Bots} bots running", StringComparison.Ordinal)
                && result.GetString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == Bots + 1 ? null : $"Result is not {Bots} bot lines and 'There are 0/{Bots} bots running'")),
        new("POST /Api/Plugins/sample/echo {\"value\":\"x\"}", "gateway", HttpMethod.Post, "/Api/Plugins/sample/echo", """{"value":"x"}""", false,
            static body => CheckEnvelope(body, static result =>
                result.TryGetProperty("ResultCode", out var code) && code.GetString() == "CR_OK" &&
                result.TryGetProperty("Output", out var output) && output.ValueKind == JsonValueKind.Object &&
                output.TryGetProperty("value", out var value) && value.GetString() == "x" ? null : "Result is not CR_OK with Output {\"value\":\"x\"}")),
        // The web console: the same command plain and streamed (NDJSON), and one of its compiled modules.
        new("POST /Api/Command {\"Command\":\"version\"}", "gateway", HttpMethod.Post, "/Api/Command", """{"Command":"version"}""", false, CheckVersion),
        new("POST /Api/WWW/Command {\"Command\":\"version\"} (streamed)", "gateway", HttpMethod.Post, "/Api/WWW/Command", """{"Command":"version"}""", false,
            static body => body.Contains("ActorRpc V", StringComparison.Ordinal) && body.EndsWith("""{"ResultCode":"CR_OK","Code":0,"Success":true}""" + "\n", StringComparison.Ordinal)
                ? null : "not a text line with 'ActorRpc V' then the CR_OK result line"),
        new("GET /console/app.js", "gateway", HttpMethod.Get, "/console/app.js", null, false,
            static body => body.Contains("handleScreenFailures", StringComparison.Ordinal) ? null : "not the console's app.js"),
        new("GET /ping (again, after the gateway)", "bare Kestrel", HttpMethod.Get, "/ping", null, false, static body => body == "pong" ? null : $"body '{body}', expected 'pong'"),
    ];

    /// <summary>The answer of the <c>version</c> command: <c>Success</c> with a Result holding the version text.</summary>
    private static string? CheckVersion(string body) =>
        CheckEnvelope(body, static result => result.ValueKind == JsonValueKind.String && result.GetString()!.Contains("ActorRpc V", StringComparison.Ordinal) ? null : "Result lacks 'ActorRpc V'");

    /// <summary>Starts the bare Kestrel app and the node with its gateway; writes the wrk scripts of the POST bodies.</summary>
    public static async Task<HttpScenarios> StartAsync(TimeSpan timeout)
    {
        var scripts = CoreNode.CreateTemporaryDirectory("http-wrk");
        BareKestrel? bare = null;
        try
        {
            bare = await BareKestrel.StartAsync().WaitAsync(timeout).ConfigureAwait(false);
            var gateway = await HttpGatewayNode.StartAsync(Bots, timeout).ConfigureAwait(false);
            return new HttpScenarios(bare, gateway, scripts);
        }
        catch
        {
            if (bare is not null)
            {
                await bare.DisposeAsync().ConfigureAwait(false);
            }
            CoreNode.DeleteDirectory(scripts);
            throw;
        }
    }

    /// <summary>
    /// Checks one answer of <paramref name="endpoint"/> through HttpClient (200 and the expected body), then loads it
    /// with wrk for the warm-up time (JIT tiering of Kestrel, the gateway and the core); fails on a wrong answer, on
    /// any non-2xx response or on no requests. Every endpoint is warmed up before the first timed run.
    /// </summary>
    public async Task WarmUpAsync(string wrk, HttpEndpoint endpoint, WrkSettings settings, TimeSpan timeout)
    {
        var url = Url(endpoint);
        await CheckOnceAsync(endpoint, url, timeout).ConfigureAwait(false);
        var warmUp = await Wrk.RunAsync(wrk, settings, settings.WarmUp, url, Script(endpoint)).ConfigureAwait(false);
        RequireClean(endpoint, warmUp, "warm-up");
    }

    /// <summary>
    /// Checks one answer of <paramref name="endpoint"/> through HttpClient, times one wrk run, and checks one answer
    /// again; fails on a wrong answer, on any non-2xx response, or on no requests.
    /// </summary>
    public async Task<HttpRun> MeasureAsync(string wrk, HttpEndpoint endpoint, WrkSettings settings, TimeSpan timeout)
    {
        var url = Url(endpoint);
        var responseBytes = await CheckOnceAsync(endpoint, url, timeout).ConfigureAwait(false);
        var script = Script(endpoint);

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var deadLetters = DeadLetters;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var timed = await Wrk.RunAsync(wrk, settings, settings.Duration, url, script).ConfigureAwait(false);
        var cpuAfter = Process.GetCurrentProcess().TotalProcessorTime;
        var run = new HttpRun(endpoint, timed, responseBytes,
            GC.GetTotalAllocatedBytes(precise: true) - allocated, cpuAfter - cpu,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2, DeadLetters - deadLetters);
        RequireClean(endpoint, timed, "timed run");

        // The endpoint still answers correctly after the load (a server that broke under it would show here).
        await CheckOnceAsync(endpoint, url, timeout).ConfigureAwait(false);
        return run;
    }

    private Uri Url(HttpEndpoint endpoint) => new(endpoint.Server == "gateway" ? _gateway.Address : _bare.Address, endpoint.Path);

    private static void RequireClean(HttpEndpoint endpoint, WrkResult result, string what)
    {
        if (result.Requests == 0)
        {
            throw new BenchmarkFailedException($"{endpoint.Name}: wrk completed no request in its {what}:\n{result.Output}");
        }
        if (result.Non2xx != 0)
        {
            throw new BenchmarkFailedException($"{endpoint.Name}: wrk saw {result.Non2xx} non-2xx/3xx responses of {result.Requests} in its {what}.");
        }
    }

    /// <summary>One request through HttpClient: it must answer 200 with the expected body; returns the body's size in bytes.</summary>
    private async Task<int> CheckOnceAsync(HttpEndpoint endpoint, Uri url, TimeSpan timeout)
    {
        using var request = new HttpRequestMessage(endpoint.Method, url);
        if (endpoint.JsonBody is not null)
        {
            request.Content = new StringContent(endpoint.JsonBody, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var response = await _client.SendAsync(request).WaitAsync(timeout).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync().WaitAsync(timeout).ConfigureAwait(false);
        var body = Encoding.UTF8.GetString(bytes);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchmarkFailedException($"{endpoint.Name}: {endpoint.Method} {url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(body)}");
        }
        if (endpoint.Check(body) is { } problem)
        {
            throw new BenchmarkFailedException($"{endpoint.Name}: unexpected answer ({problem}): {Shorten(body)}");
        }
        return bytes.Length;
    }

    /// <summary>A wrk Lua script that makes every request a POST with <see cref="HttpEndpoint.JsonBody"/> and the JSON Content-Type; null for a GET.</summary>
    private string? Script(HttpEndpoint endpoint)
    {
        if (endpoint.JsonBody is null)
        {
            return null;
        }
        var path = Path.Combine(_scripts, $"post-{Math.Abs(endpoint.Path.GetHashCode(StringComparison.Ordinal)):x}.lua");
        File.WriteAllText(path,
            "wrk.method = \"POST\"\n" +
            $"wrk.body = [[{endpoint.JsonBody}]]\n" +
            "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        return path;
    }

    /// <summary>The envelope <c>{"Message":"OK","Result":…,"Success":true}</c> with a Result that passes <paramref name="check"/>.</summary>
    private static string? CheckEnvelope(string body, Func<JsonElement, string?> check)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (!root.TryGetProperty("Success", out var success) || success.ValueKind != JsonValueKind.True)
            {
                return "Success is not true";
            }
            return root.TryGetProperty("Result", out var result) ? check(result) : "no Result";
        }
        catch (JsonException ex)
        {
            return $"not JSON: {ex.Message}";
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync().ConfigureAwait(false);
        await _bare.DisposeAsync().ConfigureAwait(false);
        CoreNode.DeleteDirectory(_scripts);
    }
}

/// <summary>Finds wrk (installing it with apt-get when it is missing and this process may), runs it and parses what it prints.</summary>
internal static class Wrk
{
    /// <summary>The path of wrk; installs it with <c>apt-get update &amp;&amp; apt-get install -y wrk</c> if it is not on PATH.</summary>
    /// <exception cref="BenchmarkFailedException">wrk is missing and could not be installed.</exception>
    public static async Task<string> EnsureAsync()
    {
        if (Find() is { } found)
        {
            return found;
        }
        if (!OperatingSystem.IsLinux() || Find("apt-get") is null)
        {
            throw new BenchmarkFailedException("wrk is not installed and there is no apt-get to install it with: install wrk (https://github.com/wg/wrk) and run again.");
        }
        if (!Environment.IsPrivilegedProcess)
        {
            throw new BenchmarkFailedException("wrk is not installed and this process is not root: install it (`sudo apt-get install -y wrk`) and run again.");
        }
        Console.Error.WriteLine("wrk is not installed: running `apt-get update && apt-get install -y wrk` ...");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        // apt's progress goes to stderr, so that stdout keeps only the report.
        start.ArgumentList.Add("apt-get update 1>&2 && apt-get install -y wrk 1>&2");
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using (var apt = Process.Start(start) ?? throw new BenchmarkFailedException("could not start /bin/sh to install wrk."))
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            try
            {
                await apt.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                apt.Kill(entireProcessTree: true);
                throw new BenchmarkFailedException("installing wrk with apt-get took over 10 minutes; stopped. Install wrk (`apt-get install -y wrk`) and run again.");
            }
            if (apt.ExitCode != 0)
            {
                throw new BenchmarkFailedException($"installing wrk with apt-get failed (exit code {apt.ExitCode}; its output is above). Install wrk (`apt-get install -y wrk`) and run again.");
            }
        }
        return Find() ?? throw new BenchmarkFailedException("apt-get reported success but wrk is still not on PATH; install wrk and run again.");
    }

    /// <summary>wrk's first line of <c>wrk -v</c> (e.g. <c>wrk 4.1.0 [epoll] ...</c>), without the copyright.</summary>
    public static async Task<string> VersionAsync(string wrk)
    {
        var start = new ProcessStartInfo(wrk) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-v");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false) + await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "wrk";
        var copyright = line.IndexOf(" Copyright", StringComparison.Ordinal);
        return copyright > 0 ? line[..copyright] : line;
    }

    /// <summary>Runs <c>wrk -tT -cC -dDs --latency [-s script] url</c> and parses its output; stops it if it overruns by a minute.</summary>
    public static async Task<WrkResult> RunAsync(string wrk, WrkSettings settings, TimeSpan duration, Uri url, string? script)
    {
        var start = new ProcessStartInfo(wrk) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in settings.Arguments(duration).Split(' '))
        {
            start.ArgumentList.Add(argument);
        }
        if (script is not null)
        {
            start.ArgumentList.Add("-s");
            start.ArgumentList.Add(script);
        }
        start.ArgumentList.Add(url.ToString());
        var command = $"wrk {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new BenchmarkFailedException($"could not start {command}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var cancel = new CancellationTokenSource(duration + TimeSpan.FromMinutes(1)))
        {
            try
            {
                await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new BenchmarkFailedException($"{command} did not finish within a minute of its duration; stopped.");
            }
        }
        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new BenchmarkFailedException($"{command} exited with code {process.ExitCode}: {errors}{output}");
        }
        return Parse(output + (errors.Length > 0 ? "\n" + errors : ""), command);
    }

    /// <summary>Parses wrk's report (with --latency); throws when a figure the section needs is missing.</summary>
    public static WrkResult Parse(string output, string command)
    {
        double? requestsPerSecond = null, seconds = null, average = null, max = null;
        long? requests = null;
        var percentiles = new Dictionary<int, double>();
        long non2xx = 0, connect = 0, read = 0, write = 0, timeout = 0;
        var inDistribution = false;
        foreach (var raw in output.Split('\n'))
        {
            var words = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }
            if (words[0] == "Latency" && words.Length == 2 && words[1] == "Distribution")
            {
                inDistribution = true;
                continue;
            }
            if (inDistribution && words.Length == 2 && words[0].EndsWith('%') &&
                int.TryParse(words[0].AsSpan(0, words[0].Length - 1), System.Globalization.CultureInfo.InvariantCulture, out var percentile) &&
                Milliseconds(words[1]) is { } value)
            {
                percentiles[percentile] = value;
                continue;
            }
            inDistribution = false;
            if (words[0] == "Latency" && words.Length >= 4)
            {
                // Thread Stats: Latency AVG STDEV MAX +/-STDEV
                average = Milliseconds(words[1]);
                max = Milliseconds(words[3]);
            }
            else if (words.Length >= 4 && words[1] == "requests" && words[2] == "in")
            {
                // "123456 requests in 10.00s, 12.34MB read"
                requests = long.Parse(words[0], System.Globalization.CultureInfo.InvariantCulture);
                seconds = Milliseconds(words[3].TrimEnd(',')) / 1000;
            }
            else if (words[0] == "Requests/sec:" && words.Length == 2)
            {
                requestsPerSecond = double.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (raw.TrimStart().StartsWith("Non-2xx or 3xx responses:", StringComparison.Ordinal))
            {
                non2xx = long.Parse(words[^1], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (raw.TrimStart().StartsWith("Socket errors:", StringComparison.Ordinal))
            {
                // "Socket errors: connect 0, read 0, write 0, timeout 0"
                for (var i = 2; i + 1 < words.Length; i += 2)
                {
                    var count = long.Parse(words[i + 1].TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture);
                    switch (words[i])
                    {
                        case "connect": connect = count; break;
                        case "read": read = count; break;
                        case "write": write = count; break;
                        case "timeout": timeout = count; break;
                    }
                }
            }
        }
        if (requestsPerSecond is null || requests is null || seconds is null || average is null || max is null ||
            !percentiles.TryGetValue(50, out var p50) || !percentiles.TryGetValue(75, out var p75) ||
            !percentiles.TryGetValue(90, out var p90) || !percentiles.TryGetValue(99, out var p99))
        {
            throw new BenchmarkFailedException($"could not parse the output of {command}:\n{output}");
        }
        return new WrkResult(requests.Value, seconds.Value, requestsPerSecond.Value, average.Value, max.Value, p50, p75, p90, p99,
            non2xx, connect, read, write, timeout, output);
    }

    /// <summary>wrk's time (<c>812.00us</c>, <c>1.23ms</c>, <c>10.00s</c>, <c>1.00m</c>, <c>1.00h</c>) in milliseconds; null if it is not one.</summary>
    private static double? Milliseconds(string text)
    {
        (string Suffix, double Factor)[] units = [("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(text.AsSpan(0, text.Length - suffix.Length), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                return value * factor;
            }
        }
        return null;
    }

    private static string? Find(string name = "wrk")
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }
}

/// <summary>The baseline: a bare Kestrel minimal API answering <c>GET /ping</c> with <c>pong</c>, on 127.0.0.1 and a free port, no logging.</summary>
internal sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareKestrel(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareKestrel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = "ActorRpc.Benchmarks.BareKestrel",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        // As the gateway's Kestrel: no Server header, one listener on 127.0.0.1.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.MapGet("/ping", () => "pong");
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.FirstOrDefault() ?? throw new BenchmarkFailedException("the bare Kestrel app reports no address.");
        return new BareKestrel(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("warning: the bare Kestrel app did not stop within 30 s.");
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>
/// A node for the HTTP section: a fresh <see cref="ActorSystem"/>, <see cref="NodeCore.Start"/> with the sample plugin
/// (owner 1) over a temporary bots directory with idle bots, and the gateway's hosted service
/// (<see cref="HttpGatewayServer"/>, as <c>AddHttpGateway</c> registers it) on 127.0.0.1 and a free port, with no
/// password. The node's logging keeps warnings and above only (collected, and reported in the notes).
/// </summary>
internal sealed class HttpGatewayNode : IAsyncDisposable
{
    private readonly string _root;

    private readonly ServiceProvider _services;

    private readonly ILoggerFactory _loggerFactory;

    private HttpGatewayNode(string root, ActorSystem system, HttpGatewayServer server, ServiceProvider services, ILoggerFactory loggerFactory, WarningCollector warnings)
    {
        _root = root;
        System = system;
        Server = server;
        _services = services;
        _loggerFactory = loggerFactory;
        Warnings = warnings;
        Address = server.Address ?? throw new BenchmarkFailedException("the HTTP gateway reports no address.");
    }

    public ActorSystem System { get; }

    public HttpGatewayServer Server { get; }

    public Uri Address { get; }

    public WarningCollector Warnings { get; }

    public static async Task<HttpGatewayNode> StartAsync(int bots, TimeSpan timeout)
    {
        var root = CoreNode.CreateTemporaryDirectory("http");
        var warnings = new WarningCollector();
        // Warnings and above; and Akka's dead-letter lines (Information, the first 10), which say what was lost.
        var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter(WarningCollector.DeadLetterCategory, LogLevel.Information)
            .AddProvider(warnings));
        var system = ActorSystems.Create("bench-http", loggerFactory);
        ServiceProvider? services = null;
        try
        {
            var botsDirectory = Path.Combine(root, "config");
            Directory.CreateDirectory(botsDirectory);
            for (var i = 0; i < bots; i++)
            {
                File.WriteAllText(Path.Combine(botsDirectory, $"bot-{i:000}.json"), """{"Enabled": false}""");
            }
            var router = NodeCore.Start(system, loggerFactory, new CoreOptions
            {
                NodeName = "node1",
                BotsDirectory = botsDirectory,
                PluginsDirectory = null,
                OwnerId = 1,
            }, [new SamplePlugin()]);
            await CoreNode.WaitReadyAsync(router, bots, timeout).ConfigureAwait(false);

            services = new ServiceCollection()
                .AddSingleton<ICommandRouter>(router)
                .AddSingleton(system)
                .AddSingleton(loggerFactory)
                .BuildServiceProvider();
            var server = new HttpGatewayServer(new HttpGatewayOptions { Host = "127.0.0.1", Port = 0, OwnerId = 1 }, services);
            await server.StartAsync(CancellationToken.None).WaitAsync(timeout).ConfigureAwait(false);
            return new HttpGatewayNode(root, system, server, services, loggerFactory, warnings);
        }
        catch
        {
            if (services is not null)
            {
                await services.DisposeAsync().ConfigureAwait(false);
            }
            await CoreNode.TerminateAsync(system).ConfigureAwait(false);
            loggerFactory.Dispose();
            CoreNode.DeleteDirectory(root);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Server.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("warning: the HTTP gateway did not stop within 30 s.");
        }
        await Server.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
        await CoreNode.TerminateAsync(System).ConfigureAwait(false);
        _loggerFactory.Dispose();
        CoreNode.DeleteDirectory(_root);
    }
}

/// <summary>A logger provider that keeps the first lines of warnings and above, and of dead letters (the node's log in the HTTP section).</summary>
internal sealed class WarningCollector : ILoggerProvider
{
    /// <summary>Akka's dead-letter log (its lines are Information).</summary>
    public const string DeadLetterCategory = "Akka.DeadLetterListener";

    private const int MaxLines = 10;

    private readonly ConcurrentQueue<string> _lines = new();

    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(WarningCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || (logLevel >= LogLevel.Information && category == DeadLetterCategory);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            if (Interlocked.Increment(ref owner._count) <= MaxLines)
            {
                owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
            }
        }
    }
}
