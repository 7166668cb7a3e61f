using System.Net;
using System.Net.Http.Json;
using ActorRpc.Client;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Cluster.Tests;

/// <summary>
/// Nodes leaving and dying under load. Each test has its own nodes and virtual host on the class's broker (the
/// tests of a class run one after another, so one of them may restart it); clients keep sending state-changing
/// commands to bots hosted on the node that goes, and every command must get exactly one answer.
/// </summary>
public sealed class FailoverSpec(BrokerFixture fixture) : IClassFixture<BrokerFixture>, IAsyncLifetime
{
    private RabbitBroker _broker = null!;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _broker = fixture.Broker;
        _cluster = await LocalCluster.StartAsync(_broker, "failover", "n1", "n2", "n3");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_graceful_leave_hands_the_bots_over_and_loses_no_command_while_a_client_keeps_sending()
    {
        var bots = await _cluster.BotsOnAsync("n3", count: 4);
        await using var load = await CommandLoad.StartAsync(_cluster, "n1", bots);
        await load.WaitForAnswersAsync(40);

        Assert.Equal(0, _cluster.Stop("n3"));
        var afterLeave = load.Answered;
        await load.WaitForAnswersAsync(afterLeave + 80);
        var outcome = await load.StopAsync();

        Assert.Equal(outcome.Sent, outcome.Answers.Count);
        Assert.All(outcome.Answers, a => Assert.Equal(CommandResultCode.Ok, a.Code));
        // The members' view follows the heartbeats (one interval behind): wait for it to show the new placement.
        await Eventually.HoldsAsync(async () =>
        {
            var members = await _cluster.MembersAsync("n1");
            return members.All(m => m.Name != "n3") && bots.All(bot => members.Count(m => m.Bots.Contains(bot)) == 1);
        }, TimeSpan.FromSeconds(30), "the leaver's bots to show on one survivor each");
    }

    [Fact]
    public async Task A_node_killed_under_load_hands_its_bots_to_the_survivors_and_every_command_is_answered_once_and_run_at_most_once()
    {
        var bots = await _cluster.BotsOnAsync("n3", count: 4);
        await using var load = await CommandLoad.StartAsync(_cluster, "n1", bots);
        await load.WaitForAnswersAsync(40);

        _cluster.Kill("n3");
        var afterKill = load.Answered;
        // The survivors take the bots over: commands succeed again.
        await load.WaitForSuccessesAfterAsync(afterKill, 80);
        var outcome = await load.StopAsync();

        Assert.Equal(outcome.Sent, outcome.Answers.Count);
        // Anything that failed failed explicitly, as a link failure with a reason.
        Assert.All(outcome.Answers.Where(a => a.Code != CommandResultCode.Ok), f => Assert.Equal(CommandResultCode.LinkFailure, f.Code));
        // The survivors count the dead node gone after the failure timeout (the broker moved its shards at once).
        IReadOnlyList<LocalCluster.Member> members = [];
        await Eventually.HoldsAsync(async () =>
        {
            members = await _cluster.MembersAsync("n1");
            return members.Count == 2 && bots.All(bot => members.Count(m => m.Bots.Contains(bot)) == 1);
        }, TimeSpan.FromSeconds(30), "the dead node to leave the member list and its bots to live on one survivor each");
        Assert.Equal(["n1", "n2"], members.Select(m => m.Name));
        // At most once: no request id was ever started twice (an executor records "started" before it runs anything).
        var started = await _cluster.StartedRecordsAsync();
        Assert.NotEmpty(started);
        Assert.All(started.GroupBy(id => id), g => Assert.Single(g));
    }

    [Fact]
    public async Task A_broker_restart_fails_cluster_calls_fast_keeps_local_work_going_and_the_nodes_reconnect_by_themselves()
    {
        var bots = await _cluster.BotsOnAsync("n2", count: 2);
        await using var client = await _cluster.ConnectAsync("n1");
        Assert.Equal(CommandResultCode.Ok, (await client.RunCommandAsync("status", bots[0])).Code);

        Assert.Equal(HttpStatusCode.OK, (await _cluster.HealthAsync("n1")).Status);

        await _broker.StopAsync();
        var down = await client.RunCommandAsync("status", bots[0]);
        var local = await client.RunCommandAsync("version");
        // A write of the namespace, too, is refused with the reason (not an HTTP 500), and nothing of it is kept.
        using var create = await _cluster["n1"].Http.PostAsJsonAsync("/Api/Bot/whiledown", new { BotConfig = new { Enabled = true } });
        var health = await _cluster.HealthAsync("n1");

        Assert.Equal(CommandResultCode.LinkFailure, down.Code);
        Assert.Contains("unreachable", down.Text);
        Assert.Equal(CommandResultCode.Ok, local.Code);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, create.StatusCode);
        Assert.Contains("unreachable", await create.Content.ReadAsStringAsync());
        // A load balancer or compose sees that this node cannot serve the cluster now.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("This node cannot serve cluster requests: the connection to the cluster's broker is down.", health.Message);

        await _broker.RestartAsync();
        await Eventually.HoldsAsync(async () => (await client.RunCommandAsync("status", bots[0])).Code == CommandResultCode.Ok,
            TimeSpan.FromSeconds(60), "cluster calls to work again after the broker came back", () => _cluster.Logs());
        Assert.Equal(CommandResultCode.Ok, (await client.RunCommandAsync("pause", bots[1])).Code);
        await Eventually.HoldsAsync(async () => (await _cluster.HealthAsync("n1")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "n1 healthy again");
        Assert.Contains("Couldn't find any bot named whiledown!", (await _cluster.CommandAsync("n2", "status whiledown")).Text);
    }

    [Fact]
    public async Task Bot_configurations_and_states_survive_a_restart_of_every_node_and_of_the_broker()
    {
        await _cluster.CreateBotAsync("n1", "keeper");
        await _cluster.CreateBotAsync("n2", "sleeper");
        Assert.Equal("<keeper> Done!", (await _cluster.CommandAsync("n3", "start keeper")).Text);

        foreach (var name in _cluster.Names.ToList())
        {
            Assert.Equal(0, _cluster.Stop(name));
        }
        await _broker.StopAsync();
        await _broker.RestartAsync();
        _cluster.Start("n4");
        _cluster.Start("n5");

        var (_, text) = await _cluster.CommandAsync("n5", "status keeper,sleeper");
        Assert.Contains("<keeper> Bot keeper is running.", text);
        Assert.Contains("<sleeper> Bot sleeper is not running.", text);
    }
}
