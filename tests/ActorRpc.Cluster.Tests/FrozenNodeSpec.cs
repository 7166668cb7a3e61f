using System.Diagnostics;
using System.Net;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Xunit.Abstractions;

namespace ActorRpc.Cluster.Tests;

/// <summary>
/// A node frozen (SIGSTOP: a long GC pause, a VM migration, a paused container) and let go again, and a holder
/// killed right after quick changes. Each test has its own nodes and virtual host on the class's broker.
/// </summary>
public sealed class FrozenNodeSpec(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>, IAsyncLifetime
{
    /// <summary>
    /// The most a request for a frozen node's bots may wait: the broker drops the silent connection after two to three
    /// 1-s AMQP heartbeats and hands the shard to a waiting node, which catches up with the records and answers. With
    /// the 5-s heartbeat of before, the broker took 12–14 s.
    /// </summary>
    private static readonly TimeSpan s_failoverBound = TimeSpan.FromSeconds(8);

    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(fixture.Broker, "freeze", "n1", "n2", "n3");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_frozen_node_s_bots_move_within_seconds_and_the_node_rejoins_cleanly_once_it_runs_again()
    {
        var bots = await _cluster.BotsOnAsync("n3", count: 3);
        await using var load = await CommandLoad.StartAsync(_cluster, "n1", bots);
        await load.WaitForAnswersAsync(30);

        var frozenAt = load.Now;
        _cluster.Freeze("n3");
        try
        {
            // The broker drops the silent connection and gives n3's shards to the others: its bots answer again, and
            // once membership has counted n3 gone the two survivors hold every shard.
            await load.WaitForSuccessesOfEachAsync(bots, frozenAt, 5);
            await Eventually.HoldsAsync(async () => await _cluster.MembersAsync("n1") is { Count: 2 } members && members.Sum(m => m.Shards) == 64,
                TimeSpan.FromSeconds(30), "n3 counted gone and its shards held by the others");
        }
        finally
        {
            _cluster.Thaw("n3");
        }
        var thawedAt = load.Now;

        await RejoinedAsync(bots);
        Assert.Equal(HttpStatusCode.OK, (await _cluster.HealthAsync("n3")).Status);
        var (status, text) = await _cluster.CommandAsync("n3", "status " + string.Join(",", bots));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(bots, bot => Assert.Contains($"<{bot}> Bot {bot} is", text));
        var outcome = await load.StopAsync();

        Assert.Equal(outcome.Sent, outcome.Answers.Count);
        Assert.All(outcome.Answers.Where(a => a.Code != CommandResultCode.Ok), a => Assert.Equal(CommandResultCode.LinkFailure, a.Code));
        var duringFreeze = outcome.Answers.Where(a => a.SentAt + a.Took >= frozenAt && a.SentAt <= thawedAt).ToList();
        var longest = duringFreeze.Max(a => a.Took);
        output.WriteLine($"frozen {(thawedAt - frozenAt).TotalSeconds:0.0} s; {duringFreeze.Count} requests for its bots in that time, the longest waited {longest.TotalSeconds:0.00} s; " +
            $"{duringFreeze.Count(a => a.Code != CommandResultCode.Ok)} answered CR_LINK_FAILURE");
        Assert.True(longest < s_failoverBound, $"a request for the frozen node's bots waited {longest.TotalSeconds:0.0} s");
        // At most once, through the freeze and the rejoin.
        Assert.All((await _cluster.StartedRecordsAsync()).GroupBy(id => id), g => Assert.Single(g));
    }

    [Fact]
    public async Task After_a_freeze_a_graceful_restart_of_another_node_leaves_every_bot_reachable_from_every_node()
    {
        var bots = Enumerable.Range(0, 9).Select(i => $"spread{i}").ToList();
        foreach (var bot in bots)
        {
            await _cluster.CreateBotAsync("n1", bot, enabled: true);
        }
        _cluster.Freeze("n3");
        try
        {
            await Eventually.HoldsAsync(async () => await _cluster.MembersAsync("n1") is { Count: 2 } members && members.Sum(m => m.Shards) == 64 &&
                (await _cluster.CommandAsync("n1", "status " + string.Join(",", bots))).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30),
                "n3 counted gone, its shards held by the others, and every bot answering without it");
        }
        finally
        {
            _cluster.Thaw("n3");
        }
        await RejoinedAsync(bots);

        Assert.Equal(0, _cluster.Stop("n2"));
        _cluster.Start("n2");

        foreach (var node in new[] { "n1", "n2", "n3" })
        {
            foreach (var bot in bots)
            {
                var took = Stopwatch.StartNew();
                var (status, text) = await _cluster.CommandAsync(node, $"status {bot}");
                Assert.True(status == HttpStatusCode.OK, $"status {bot} through {node}: {(int)status} {text}");
                Assert.True(took.Elapsed < TimeSpan.FromSeconds(5), $"status {bot} through {node} took {took.Elapsed.TotalSeconds:0.0} s");
            }
        }
        await RejoinedAsync(bots);
    }

    [Fact]
    public async Task Every_quick_change_is_recorded_so_a_killed_holder_s_bots_come_back_in_the_last_state_their_callers_were_told()
    {
        var bots = await _cluster.BotsOnAsync("n3", count: 4);
        await using var client = await _cluster.ConnectAsync("n1");
        foreach (var bot in bots)
        {
            Assert.Equal(CommandResultCode.Ok, (await client.RunCommandAsync("start", bot)).Code);
        }
        // Each bot is flipped in a pipelined burst (the holder runs the changes back to back, faster than it reads its
        // own records back), an odd or even number of times: half end paused.
        var told = await Task.WhenAll(bots.Select(async (bot, i) =>
        {
            var flips = Enumerable.Range(0, 30 + i).Select(flip => client.RunCommandAsync(flip % 2 == 0 ? "pause" : "resume", bot)).ToList();
            Assert.All(await Task.WhenAll(flips), answer => Assert.Equal(CommandResultCode.Ok, answer.Code));
            return (Bot: bot, Flips: flips.Count, State: flips.Count % 2 == 1 ? "paused" : "running");
        }));

        // Every change was recorded, in order: the start, then each pause and resume (before them, a bot moved while the
        // shards settled may have had its Stopped recorded at the hand-over).
        foreach (var (bot, flips, _) in told)
        {
            var expected = Enumerable.Range(0, flips).Select(flip => flip % 2 == 0 ? "Paused" : "Running").Prepend("Running").ToList();
            Assert.Equal(expected, (await _cluster.RecordedStatesAsync(bot)).TakeLast(expected.Count));
        }
        _cluster.Kill("n3");

        foreach (var (bot, _, state) in told)
        {
            var text = string.Empty;
            await Eventually.HoldsAsync(async () =>
            {
                var answer = await client.RunCommandAsync("status", bot);
                text = answer.Text;
                return answer.Code == CommandResultCode.Ok;
            }, TimeSpan.FromSeconds(30), $"{bot} to answer on a survivor");
            Assert.Contains($"Bot {bot} is {state}.", text);
        }
    }

    /// <summary>Waits until n3 is a member again, holding shards, with every shard and every bot on exactly one node, as n1 and n3 see it.</summary>
    private async Task RejoinedAsync(IReadOnlyList<string> bots)
    {
        foreach (var node in new[] { "n1", "n3" })
        {
            await Eventually.HoldsAsync(async () =>
            {
                var members = await _cluster.MembersAsync(node);
                return members.Count == 3 && members.Sum(m => m.Shards) == 64 && members.All(m => m.Shards > 0) &&
                    bots.All(bot => members.Count(m => m.Bots.Contains(bot)) == 1);
            }, TimeSpan.FromSeconds(60), $"n3 back as a member with its share of the shards, nothing claimed twice (as {node} sees it)");
        }
    }
}
