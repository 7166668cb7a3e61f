using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>The <c>ActorRpc</c> meter is process-wide: tests that count exact increases run alone.</summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary><c>GET /metrics</c> on the gateway: commands and RPC calls through it show up in their series.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsEndpointSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(output: output);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Scrapes <c>/metrics</c> and checks the response's status and content type.</summary>
    internal static async Task<Exposition> ScrapeAsync(HttpClient client, string url = "/metrics")
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {text}");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return Exposition.Parse(text);
    }

    [Fact]
    public async Task A_command_and_an_RPC_call_increase_their_counters_and_histograms()
    {
        var before = await ScrapeAsync(_host.Client);

        (await _host.GetAsync("/Api/Command/version")).Is(HttpStatusCode.OK);
        for (var i = 0; i < 3; i++)
        {
            (await _host.PostAsync("/Api/Plugins/sample/echo", """{"value": "hi"}""")).Is(HttpStatusCode.OK);
        }
        (await _host.PostAsync("/Api/Plugins/sample/fail", """{"value": "boom"}""")).Is(HttpStatusCode.InternalServerError);
        var after = await ScrapeAsync(_host.Client);

        (string, string)[] version = [("command", "version"), ("code", "CR_OK")];
        (string, string)[] echo = [("rpc_method", "sample::echo"), ("code", "CR_OK")];
        Assert.Equal(before.ValueOrZero("actorrpc_commands_total", version) + 1, after.ValueOrZero("actorrpc_commands_total", version));
        Assert.Equal(before.ValueOrZero("actorrpc_rpc_calls_total", echo) + 3, after.ValueOrZero("actorrpc_rpc_calls_total", echo));
        Assert.Equal(1, after.ValueOrZero("actorrpc_rpc_calls_total", ("rpc_method", "sample::fail"), ("code", "CR_FAILURE"))
            - before.ValueOrZero("actorrpc_rpc_calls_total", ("rpc_method", "sample::fail"), ("code", "CR_FAILURE")));
        Assert.Equal("counter", after.Types["actorrpc_commands_total"]);
        Assert.Equal("counter", after.Types["actorrpc_rpc_calls_total"]);
        Assert.Equal("histogram", after.Types["actorrpc_rpc_call_duration_seconds"]);
        Assert.Equal("histogram", after.Types["actorrpc_command_duration_seconds"]);
        Assert.Equal("RPC method calls, by plugin::method and result code.", after.Help["actorrpc_rpc_calls_total"]);

        var buckets = after.Find("actorrpc_rpc_call_duration_seconds_bucket", echo);
        Assert.Equal(["0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"],
            buckets.Select(b => b.Labels["le"]));
        Assert.True(buckets.Zip(buckets.Skip(1)).All(p => p.First.Value <= p.Second.Value),
            "Buckets are not cumulative:\n" + string.Join("\n", buckets.Select(b => b.Line)));
        var count = after.ValueOrZero("actorrpc_rpc_call_duration_seconds_count", echo);
        Assert.Equal(count, buckets[^1].Value);
        Assert.Equal(before.ValueOrZero("actorrpc_rpc_call_duration_seconds_count", echo) + 3, count);
        Assert.True(after.ValueOrZero("actorrpc_rpc_call_duration_seconds_sum", echo) > 0);
        Assert.Equal(before.ValueOrZero("actorrpc_command_duration_seconds_count", version) + 1,
            after.ValueOrZero("actorrpc_command_duration_seconds_count", version));
    }

    [Fact]
    public async Task Every_family_has_one_HELP_and_one_TYPE_before_its_samples_and_the_runtime_meter_is_there()
    {
        (await _host.GetAsync("/Api/Command/version")).Is(HttpStatusCode.OK);

        var scrape = await ScrapeAsync(_host.Client);

        Assert.Equal(scrape.HeaderNames.Distinct(), scrape.HeaderNames);
        Assert.Equal(scrape.Types.Keys.Order(), scrape.Help.Keys.Order());
        foreach (var sample in scrape.Samples)
        {
            var family = scrape.Types.ContainsKey(sample.Name) ? sample.Name : sample.Name[..sample.Name.LastIndexOf('_')];
            Assert.True(scrape.Types.TryGetValue(family, out var type), $"No TYPE for {sample.Line}");
            Assert.True(family == sample.Name || type == "histogram", $"{sample.Line} has a suffix but {family} is a {type}");
        }
        var lines = scrape.Text.Split('\n');
        Assert.True(Array.IndexOf(lines, "# TYPE actorrpc_commands_total counter") < Array.FindIndex(lines, l => l.StartsWith("actorrpc_commands_total{", StringComparison.Ordinal)));
        Assert.All(scrape.Types.Where(t => t.Value == "counter"), t => Assert.EndsWith("_total", t.Key));
        Assert.Contains("dotnet_gc_collections_total", scrape.Types.Keys);
        Assert.Contains("dotnet_process_cpu_time_seconds_total", scrape.Types.Keys);
        // A gauge named like a histogram part gets .current (promtool refuses dotnet_assembly_count as a gauge).
        Assert.Equal("gauge", scrape.Types["dotnet_assembly_count_current"]);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_metrics_and_other_methods_are_405()
    {
        using var document = JsonDocument.Parse(await _host.Client.GetStringAsync("/openapi/v1.json"));
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/metrics", out _), "/metrics is missing from the OpenAPI document");

        (await _host.PostAsync("/metrics", "{}")).Is(HttpStatusCode.MethodNotAllowed);
    }
}

/// <summary><c>/metrics</c> of a node on real Kestrel, as the node executable wires it (<c>AddHttpGateway</c>).</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsOnKestrelSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private KestrelNode _node = null!;

    public async Task InitializeAsync() => _node = await KestrelNode.StartAsync(output);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task BotsAre(int stopped, int running, int paused, string what) =>
        await Eventually.True(async () =>
        {
            var scrape = await MetricsEndpointSpec.ScrapeAsync(_node.Client);
            return scrape.ValueOrZero("actorrpc_bots", ("state", "stopped")) == stopped
                && scrape.ValueOrZero("actorrpc_bots", ("state", "running")) == running
                && scrape.ValueOrZero("actorrpc_bots", ("state", "paused")) == paused;
        }, what);

    [Fact]
    public async Task The_bots_gauge_follows_a_bot_through_its_lifecycle()
    {
        (await _node.SendAsync(HttpMethod.Post, "/Api/Bot/metered", """{"BotConfig": {"Enabled": false}}""")).Is(HttpStatusCode.OK);
        await BotsAre(stopped: 1, running: 0, paused: 0, "the new bot to count as stopped");

        (await _node.SendAsync(HttpMethod.Post, "/Api/Bot/metered/Start")).Is(HttpStatusCode.OK);
        await BotsAre(stopped: 0, running: 1, paused: 0, "the bot to count as running");

        (await _node.SendAsync(HttpMethod.Post, "/Api/Bot/metered/Pause", """{"ResumeInSeconds": 3600}""")).Is(HttpStatusCode.OK);
        await BotsAre(stopped: 0, running: 0, paused: 1, "the bot to count as paused");

        (await _node.SendAsync(HttpMethod.Delete, "/Api/Bot/metered")).Is(HttpStatusCode.OK);
        await BotsAre(stopped: 0, running: 0, paused: 0, "the deleted bot to count nowhere");
        var scrape = await MetricsEndpointSpec.ScrapeAsync(_node.Client);
        Assert.Equal("gauge", scrape.Types["actorrpc_bots"]);
        Assert.Equal("Bots by lifecycle state.", scrape.Help["actorrpc_bots"]);
    }
}

/// <summary>Who may read <c>/metrics</c>: like <c>/Api</c>, unless <see cref="HttpGatewayOptions.MetricsOpen"/>.</summary>
public sealed class MetricsAccessSpec
{
    [Fact]
    public async Task With_a_password_metrics_needs_it_like_every_Api_URL()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, Password = "s3cret" });

        (await host.GetAsync("/metrics")).Is(HttpStatusCode.Unauthorized);
        (await host.GetAsync("/METRICS")).Is(HttpStatusCode.Unauthorized);
        (await host.GetAsync("/metrics?password=wrong")).Is(HttpStatusCode.Unauthorized);
        await MetricsEndpointSpec.ScrapeAsync(host.Client, "/metrics?password=s3cret");
        var header = await host.SendAsync(HttpMethod.Get, "/metrics", headers: new Dictionary<string, string> { ["Authentication"] = "s3cret" });
        Assert.Equal(HttpStatusCode.OK, header.Status);
        Assert.StartsWith("text/plain; version=0.0.4", header.ContentType);
    }

    [Fact]
    public async Task Without_a_password_metrics_follows_the_loopback_rule()
    {
        await using var host = await GatewayTestHost.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/metrics")).Status);
        (await host.GetAsync("/metrics", client: "198.51.100.20")).Is(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task MetricsOpen_serves_metrics_to_anyone_while_Api_still_needs_the_password()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, Password = "s3cret", MetricsOpen = true });

        await MetricsEndpointSpec.ScrapeAsync(host.Client);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/metrics", client: "198.51.100.20")).Status);
        (await host.GetAsync("/Api/ASF")).Is(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void MetricsOpen_is_off_by_default()
    {
        Assert.False(new HttpGatewayOptions().MetricsOpen);
    }
}
