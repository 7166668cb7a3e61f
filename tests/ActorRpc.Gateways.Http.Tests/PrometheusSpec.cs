using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using ActorRpc.Testing.Processes;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>
/// <c>/metrics</c> against the real thing: Debian's <c>promtool check metrics</c> (parser and linter) and a Prometheus
/// server scraping a node on real Kestrel. Both come from the <c>prometheus</c> package (see <see cref="PrometheusTools"/>).
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class PrometheusSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan s_promtoolLimit = TestKitTimeouts.Dilated(TimeSpan.FromSeconds(60));

    private async Task<ProcessResult> CheckMetricsAsync(string exposition)
    {
        var tools = await PrometheusTools.GetAsync();
        var result = await PrometheusTools.RunAsync(tools.Promtool, ["check", "metrics"], exposition, s_promtoolLimit);
        output.WriteLine($"promtool check metrics: {result}");
        return result;
    }

    private static void AssertClean(ProcessResult result, string exposition) =>
        Assert.True(result.ExitCode == 0 && result.StandardOutput.Trim().Length == 0 && result.StandardError.Trim().Length == 0,
            $"promtool check metrics found problems: {result}\n--- the exposition ---\n{exposition}");

    [Fact]
    public async Task Promtool_finds_no_error_and_no_lint_problem_in_the_gateways_metrics()
    {
        await using var host = await GatewayTestHost.StartAsync(output: output);
        (await host.GetAsync("/Api/Command/version")).Is(HttpStatusCode.OK);
        (await host.GetAsync("/Api/Command/frobnicate")).Is(HttpStatusCode.BadRequest);
        (await host.PostAsync("/Api/Plugins/sample/echo", """{"value": "hi"}""")).Is(HttpStatusCode.OK);
        (await host.PostAsync("/Api/Plugins/sample/fail", """{"value": "boom"}""")).Is(HttpStatusCode.InternalServerError);
        var exposition = (await MetricsEndpointSpec.ScrapeAsync(host.Client)).Text;
        Assert.Contains("actorrpc_rpc_call_duration_seconds_bucket{", exposition);
        Assert.Contains("dotnet_gc_collections_total{", exposition);

        AssertClean(await CheckMetricsAsync(exposition), exposition);
    }

    [Fact]
    public async Task Promtool_accepts_escaped_label_values_odd_names_and_every_instrument_kind()
    {
        await using var host = await GatewayTestHost.StartAsync(output: output);
        // A second meter of the name /metrics exports, with instruments of odd names no other test scrapes for; gone
        // with the meter at the end of the test. (The exporter neither invents a help text nor renames a "quantile" or
        // "le" label, which promtool refuses outside summaries and histograms: instruments here must have the one and not use the other.)
        using var meter = new Meter(ActorRpc.Actors.Diagnostics.ActorRpcMetrics.MeterName);
        var prefix = "promtool" + Guid.NewGuid().ToString("N")[..8];
        meter.CreateCounter<long>($"{prefix}.odd.requests", "{request}", "Help with \\ and\na newline.")
            .Add(1, new KeyValuePair<string, object?>("path", "C:\\x \"y\"\nz"), new("http.method", "GET"));
        meter.CreateUpDownCounter<int>($"{prefix}.odd.sessions.count", null, "Sessions.").Add(2);
        meter.CreateGauge<double>($"{prefix}.odd.temperature", "Cel", "Temperature.").Record(-3.5);
        meter.CreateHistogram<double>($"{prefix}.odd.latency", "s", "Latency.").Record(0.02, new KeyValuePair<string, object?>("odd.tag-name", "q"));
        meter.CreateHistogram<long>($"{prefix}.odd.payload", "By", "Payload sizes.").Record(100);
        meter.CreateObservableCounter($"{prefix}.odd.ticks", () => 12L, "{tick}", "Ticks.");
        meter.CreateObservableGauge($"{prefix}.odd.ratio", () => double.NaN, "1", "Not a number yet.");
        meter.CreateObservableUpDownCounter($"{prefix}.odd.queue", () => new Measurement<long>(1, new KeyValuePair<string, object?>("q", "a")), "{item}", "Queued.");
        var exposition = (await MetricsEndpointSpec.ScrapeAsync(host.Client)).Text;
        Assert.Contains("""path="C:\\x \"y\"\nz""", exposition);
        Assert.Contains($"{prefix}_odd_ticks_total", exposition);

        AssertClean(await CheckMetricsAsync(exposition), exposition);
    }

    [Fact]
    public async Task Prometheus_scrapes_a_node_open_and_with_the_password_as_a_parameter()
    {
        var tools = await PrometheusTools.GetAsync();
        await using var open = await KestrelNode.StartAsync(output, new HttpGatewayOptions { Port = 0, OwnerId = 1, Password = "s3cret", MetricsOpen = true });
        await using var guarded = await KestrelNode.StartAsync(output, new HttpGatewayOptions { Port = 0, OwnerId = 1, Password = "pa ss&word" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await guarded.SendAsync(HttpMethod.Get, "/metrics")).Status);
        Assert.Equal(HttpStatusCode.OK, (await open.SendAsync(HttpMethod.Get, "/Api/Command/version?password=s3cret")).Status);
        var started = Stopwatch.StartNew();

        await using var prometheus = await PrometheusServer.StartAsync(tools, output, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: open
                metrics_path: /metrics
                static_configs:
                  - targets: ['{open.Server.Address!.Authority}']
              - job_name: guarded
                metrics_path: /metrics
                params:
                  password: ['pa ss&word']
                static_configs:
                  - targets: ['{guarded.Server.Address!.Authority}']
            """);
        var series = await prometheus.WaitForAsync("actorrpc_commands_total", result =>
            result.Any(r => Label(r, "job") == "open" && Label(r, "command") == "version" && Label(r, "code") == "CR_OK" && Value(r) >= 1)
            && result.Any(r => Label(r, "job") == "guarded" && Label(r, "command") == "version" && Label(r, "code") == "CR_OK"));
        var buckets = await prometheus.WaitForAsync("actorrpc_command_duration_seconds_bucket{job=\"open\",command=\"version\",le=\"+Inf\"}", result => result.Any(r => Value(r) >= 1));
        var targets = await prometheus.GetAsync("/api/v1/targets");

        output.WriteLine($"Prometheus saw the series {started.Elapsed.TotalSeconds:0.0} s after it was started: {series}");
        output.WriteLine(buckets);
        using var document = JsonDocument.Parse(targets);
        Assert.All(document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray(), target =>
            Assert.True(target.GetProperty("health").GetString() == "up" && target.GetProperty("lastError").GetString() == "", $"A target is not healthy: {target}"));
    }

    private static string? Label(JsonElement result, string name) =>
        result.GetProperty("metric").TryGetProperty(name, out var value) ? value.GetString() : null;

    private static double Value(JsonElement result) =>
        double.Parse(result.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A Prometheus server on 127.0.0.1 and a free port, with a temporary configuration and storage; killed and deleted on dispose.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan s_limit = TestKitTimeouts.Dilated(TimeSpan.FromSeconds(60));
    /// <summary>How often a wait for Prometheus looks again (polling an external process; each wait ends as soon as its condition holds).</summary>
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;

    private readonly string _root;

    private readonly ConcurrentQueue<string> _log;

    private readonly HttpClient _client;

    private PrometheusServer(Process process, string root, ConcurrentQueue<string> log, int port)
    {
        _process = process;
        _root = root;
        _log = log;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>What the server wrote to stderr (its log) so far.</summary>
    public string Log => string.Join("\n", _log);

    public static async Task<PrometheusServer> StartAsync(PrometheusTools tools, ITestOutputHelper output, string config)
    {
        var root = Directory.CreateTempSubdirectory("actorrpc-prometheus-").FullName;
        var configFile = Path.Combine(root, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config);
        var failures = new StringBuilder();
        // A free port may be taken between the check and Prometheus' bind: try a few.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var port = FreePorts.Next();
            var log = new ConcurrentQueue<string>();
            var start = new ProcessStartInfo(tools.Prometheus)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = root,
            };
            start.ArgumentList.Add("--config.file=" + configFile);
            start.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(root, "data"));
            start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
            var process = new Process { StartInfo = start };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var server = new PrometheusServer(process, root, log, port);
            var deadline = DateTime.UtcNow + s_limit;
            while (!process.HasExited && DateTime.UtcNow < deadline)
            {
                try
                {
                    using var ready = await server._client.GetAsync("-/ready");
                    if (ready.IsSuccessStatusCode)
                    {
                        output.WriteLine($"Prometheus ready on 127.0.0.1:{port}");
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Not answering yet.
                }
                await Task.Delay(s_poll);
            }
            failures.Append($"Attempt {attempt} on port {port}: ").Append(process.HasExited ? $"Prometheus exited with code {process.ExitCode}" : $"not ready after {s_limit.TotalSeconds:0} s")
                .Append("\n--- Prometheus' log ---\n");
            await server.StopAsync();
            server._client.Dispose();
            failures.Append(server.Log).Append('\n');
        }
        Directory.Delete(root, recursive: true);
        throw new InvalidOperationException("Prometheus did not start:\n" + failures);
    }

    /// <summary>GETs an API URL and returns the body.</summary>
    public async Task<string> GetAsync(string url)
    {
        using var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}\n--- Prometheus' log ---\n{Log}");
        return body;
    }

    /// <summary>Polls an instant query until its result vector satisfies <paramref name="condition"/>; returns the last answer.</summary>
    public async Task<string> WaitForAsync(string query, Func<IReadOnlyList<JsonElement>, bool> condition)
    {
        var deadline = DateTime.UtcNow + s_limit;
        var last = "(no answer)";
        while (true)
        {
            try
            {
                last = await GetAsync("api/v1/query?query=" + Uri.EscapeDataString(query));
                using var document = JsonDocument.Parse(last);
                var data = document.RootElement.GetProperty("data");
                if (data.GetProperty("resultType").GetString() == "vector" && condition([.. data.GetProperty("result").EnumerateArray()]))
                {
                    return last;
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                var targets = _process.HasExited ? "(exited)" : await TryGetAsync("api/v1/targets");
                Assert.Fail($"Waited {s_limit.TotalSeconds:0} s for Prometheus to answer {query} as expected, in vain.\nLast answer: {last}\n" +
                    $"Targets: {targets}\n--- Prometheus' log ---\n{Log}");
            }
            await Task.Delay(s_poll);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task<string> TryGetAsync(string url)
    {
        try
        {
            return await _client.GetStringAsync(url);
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }
}
