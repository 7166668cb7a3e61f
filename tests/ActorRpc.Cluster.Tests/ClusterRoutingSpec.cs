using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorRpc.Client;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Cluster.Tests;

/// <summary>One namespace over three nodes: any node accepts any request and routes it to where the bot or method lives.</summary>
public sealed class ClusterRoutingSpec(ThreeNodeFixture fixture) : IClassFixture<ThreeNodeFixture>
{
    private LocalCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Nodes_started_one_after_another_end_up_holding_about_a_third_of_the_64_shards_each()
    {
        IReadOnlyList<LocalCluster.Member> members = [];
        await Eventually.HoldsAsync(async () =>
        {
            members = await Cluster.MembersAsync("n1");
            return members.Count == 3 && members.Sum(m => m.Shards) == 64 && members.All(m => m.Shards is >= 20 and <= 22);
        }, TimeSpan.FromSeconds(30), "an even spread of the shards");

        Assert.Equal(["n1", "n2", "n3"], members.Select(m => m.Name));
    }

    [Fact]
    public async Task A_bot_created_over_HTTP_on_one_node_is_started_over_TCP_from_another_and_lives_on_exactly_one_node()
    {
        await Cluster.CreateBotAsync("n1", "crossing");

        await using var client = await Cluster.ConnectAsync("n3");
        var started = await client.RunCommandAsync("start", "crossing");
        var status = await client.RunCommandAsync("status", "crossing");

        Assert.Equal(CommandResultCode.Ok, started.Code);
        Assert.Equal("<crossing> Done!\n", started.Text);
        Assert.Contains("<crossing> Bot crossing is running.", status.Text);
        await Cluster.HostOfAsync("n2", "crossing");
        var hosts = (await Cluster.MembersAsync("n2")).Where(m => m.Bots.Contains("crossing")).ToList();
        Assert.Single(hosts);
    }

    [Fact]
    public async Task Replies_on_one_TCP_connection_come_back_in_request_order_while_the_bots_live_on_different_nodes()
    {
        var bots = Enumerable.Range(0, 12).Select(i => $"order{i:D2}").ToList();
        foreach (var bot in bots)
        {
            await Cluster.CreateBotAsync("n2", bot);
        }
        foreach (var bot in bots)
        {
            await Cluster.HostOfAsync("n1", bot);
        }
        var hosts = (await Cluster.MembersAsync("n1")).Where(m => m.Bots.Any(bots.Contains)).ToList();
        Assert.True(hosts.Count >= 2, "the bots should spread over more than one node");

        await using var client = await Cluster.ConnectAsync("n1");
        var requests = Enumerable.Range(0, 60).Select(i => bots[(i * 7) % bots.Count]).ToList();
        var order = new List<string>();
        var calls = requests.Select(bot => client.RunCommandAsync("status", [bot], (text, _) =>
        {
            lock (order)
            {
                order.Add(text);
            }
        })).ToList();
        var results = await Task.WhenAll(calls);

        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal(CommandResultCode.Ok, results[i].Code);
            Assert.StartsWith($"<{requests[i]}> ", results[i].Text);
        }
        // The text of each call arrived in request order too (a later call's text never overtakes an earlier one's).
        Assert.Equal(requests, order.Where(t => t.StartsWith("<order", StringComparison.Ordinal)).Select(t => t[1..t.IndexOf('>', StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task A_trace_id_from_an_HTTP_request_on_one_node_reaches_the_log_line_of_the_bot_on_another()
    {
        await Cluster.CreateBotAsync("n1", "traced");
        var host = await Cluster.HostOfAsync("n1", "traced");
        var entry = Cluster.Names.First(n => n != host);
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Api/Bot/traced/Start");
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await Cluster[entry].Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(Cluster.OutputOf(host).Split('\n').Any(line => line.Contains("Bot traced started", StringComparison.Ordinal) && line.Contains(traceId, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), $"the hosting node {host} to log the start under trace {traceId}");
    }

    [Fact]
    public async Task A_lifecycle_request_through_another_node_answers_with_ASF_6s_Success_for_a_change_and_for_no_change()
    {
        await Cluster.CreateBotAsync("n1", "remote");
        var host = await Cluster.HostOfAsync("n1", "remote");
        var entry = Cluster.Names.First(n => n != host);

        var first = await StartAsync();
        var second = await StartAsync();

        // Whether the bot changed crosses the broker with its reply: the first start did, the second found it running.
        Assert.Equal((true, "Done!"), first);
        Assert.Equal((false, "This bot is already running!"), second);

        async Task<(bool Success, string? Message)> StartAsync()
        {
            using var response = await Cluster[entry].Http.PostAsync("/Api/Bot/remote/Start", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (body.RootElement.GetProperty("Success").GetBoolean(), body.RootElement.GetProperty("Message").GetString());
        }
    }

    [Fact]
    public async Task The_node_hosting_a_bot_counts_the_deliveries_it_took_under_its_own_name_on_metrics()
    {
        await Cluster.CreateBotAsync("n1", "counted");
        var host = await Cluster.HostOfAsync("n1", "counted");
        var caller = Cluster.Names.First(n => n != host);
        var before = await BotDeliveriesAsync(host);

        for (var i = 0; i < 5; i++)
        {
            var (status, text) = await Cluster.CommandAsync(caller, "status counted");
            Assert.True(status == HttpStatusCode.OK, text);
        }

        Assert.True(await BotDeliveriesAsync(host) >= before + 5, $"{host} counted fewer than 5 more bot deliveries");
        // Another node took none of them: its series (if any) carries its own name, never the host's.
        var other = await Cluster[caller].Http.GetStringAsync("/metrics");
        Assert.DoesNotContain($"node=\"{host}\"", other, StringComparison.Ordinal);
    }

    /// <summary><c>actorrpc_cluster_deliveries_total{kind="bot",node=NODE,redelivered="false"}</c> on NODE's /metrics (0 before the first).</summary>
    private async Task<double> BotDeliveriesAsync(string node)
    {
        var metrics = await Cluster[node].Http.GetStringAsync("/metrics");
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith("actorrpc_cluster_deliveries_total{", StringComparison.Ordinal)
            && l.Contains("kind=\"bot\"", StringComparison.Ordinal) && l.Contains($"node=\"{node}\"", StringComparison.Ordinal)
            && l.Contains("redelivered=\"false\"", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Method_calls_spread_over_the_nodes_that_export_the_method()
    {
        // sample::counter counts per node; calls that all ran on one node would count 1, 2, 3 … without a repeat.
        var values = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await Cluster["n1"].Http.PostAsJsonAsync("/Api/Plugins/sample/counter", new { });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            values.Add(body.RootElement.GetProperty("Result").GetProperty("Output").GetProperty("value").GetInt32());
        }

        Assert.True(values.Distinct().Count() < values.Count, $"every call ran on the same node: {string.Join(", ", values)}");
    }

    [Fact]
    public async Task The_nodes_command_lists_every_member_with_the_bots_it_hosts()
    {
        await Cluster.CreateBotAsync("n3", "listed");
        var host = await Cluster.HostOfAsync("n3", "listed");

        var (status, text) = await Cluster.CommandAsync("n1", "nodes");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<n1> 3 nodes:", text);
        Assert.Contains("<n1> n1 (this node) ", text);
        var hostLine = text.Split('\n').Single(line => line.StartsWith($"<n1> {host}", StringComparison.Ordinal));
        Assert.Contains("listed", hostLine);
    }

    [Fact]
    public async Task Unknown_bots_and_invalid_names_get_the_same_answers_as_on_a_lone_node()
    {
        var (status, text) = await Cluster.CommandAsync("n2", "start nobody-here");
        using var invalid = await Cluster["n2"].Http.PostAsJsonAsync("/Api/Bot/ASF", new { BotConfig = new { Enabled = false } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("<n2> Couldn't find any bot named nobody-here!", text);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }
}
