using ActorRpc.Actors.Bots;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Core.Tests;

public sealed class BotLifecycleSpec : CoreTestKit
{
    public BotLifecycleSpec()
        : base(startCore: false)
    {
        WriteBotFile("alpha", """{"Enabled": false}""");
        WriteBotFile("bravo", """{"Enabled": true, "HeartbeatMessage": "bravo beats"}""");
        StartCore();
        AwaitCondition(() => Router.Table.Bots.Count == 2);
    }

    [Fact]
    public async Task Enabled_bots_start_with_the_node_and_status_counts_them()
    {
        await AwaitAssertAsync(async () =>
        {
            var status = await Run("status");
            Assert.Equal(CommandResultCode.Ok, status.Code);
            Assert.Contains("<alpha> Bot alpha is not running.\n", status.Text);
            Assert.Contains("<bravo> Bot bravo is running.", status.Text);
            Assert.EndsWith("<node1> There are 1/2 bots running\n", status.Text);
        });
    }

    [Fact]
    public async Task Start_stop_pause_and_resume_answer_per_bot_in_name_order()
    {
        Assert.Equal("<alpha> Done!\n", (await Run("start alpha")).Text);
        Assert.Equal("<alpha> That bot instance is already running!\n<bravo> That bot instance is already running!\n", (await Run("start alpha,bravo")).Text);
        Assert.Equal("<alpha> Done!\n", (await Run("pause alpha")).Text);
        Assert.Equal("<alpha> That bot instance is already paused!\n", (await Run("pause alpha")).Text);
        Assert.Contains("<alpha> Bot alpha is paused.", (await Run("status alpha")).Text);
        Assert.Equal("<alpha> Done!\n", (await Run("resume alpha")).Text);
        Assert.Equal("<alpha> That bot instance is not paused!\n", (await Run("resume alpha")).Text);
        Assert.Equal("<alpha> Done!\n<bravo> Done!\n", (await Run("stop ASF")).Text);
        Assert.Equal("<alpha> That bot instance is not running!\n", (await Run("pause alpha")).Text);
        Assert.Equal("<alpha> That bot instance is already stopped!\n", (await Run("stop alpha")).Text);
    }

    [Fact]
    public async Task A_timed_pause_resumes_by_itself()
    {
        await Run("start alpha");

        var paused = await Run("pause alpha 1");

        Assert.Equal("<alpha> Done! Resuming in 1 s.\n", paused.Text);
        Assert.Contains("resuming in", (await Run("status alpha")).Text);
        await AwaitAssertAsync(async () => Assert.Contains("Bot alpha is running.", (await Run("status alpha")).Text), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Running_bots_perform_plugin_behaviours_and_report_them_in_status()
    {
        await AwaitAssertAsync(
            async () => Assert.Contains("heartbeat: 2 heartbeats (bravo beats)", (await Run("status bravo")).Text),
            TimeSpan.FromSeconds(10));

        await Run("stop bravo");
        Assert.Equal("<bravo> Bot bravo is not running.\n<node1> There are 0/1 bots running\n", (await Run("status bravo")).Text);
    }

    [Fact]
    public async Task Lifecycle_commands_without_bots_answer_with_usage_and_unknown_bots_are_named()
    {
        var usage = await Run("start");
        Assert.Equal(CommandResultCode.WrongUsage, usage.Code);
        Assert.Equal("<node1> Usage: start <Bots>\n", usage.Text);

        var unknown = await Run("stop zulu");
        Assert.Equal(CommandResultCode.NotFound, unknown.Code);
        Assert.Equal("<node1> Couldn't find any bot named zulu!\n", unknown.Text);

        var badPause = await Run("pause alpha soon");
        Assert.Equal(CommandResultCode.WrongUsage, badPause.Code);
    }

    [Fact]
    public async Task Commands_to_one_bot_run_one_at_a_time_in_order()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Run(i % 2 == 0 ? "start alpha" : "stop alpha")));

        Assert.All(results, r => Assert.Equal("<alpha> Done!\n", r.Text));
    }

    [Fact]
    public async Task Snapshots_show_state_config_and_reports()
    {
        var query = await Router.GetBotsAsync("ASF");

        Assert.Equal(["alpha", "bravo"], query.Bots.Select(b => b.Name));
        Assert.Equal(BotState.Stopped, query.Bots[0].State);
        Assert.False(query.Bots[0].Config!.Enabled);
        Assert.True(query.Bots[1].Config!.Enabled);
    }
}
