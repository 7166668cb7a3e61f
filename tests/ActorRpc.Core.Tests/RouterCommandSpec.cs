using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Core.Tests;

public sealed class RouterCommandSpec : CoreTestKit
{
    [Fact]
    public async Task An_unknown_command_is_not_implemented()
    {
        var result = await Run("frobnicate now");

        Assert.Equal(CommandResultCode.NotImplemented, result.Code);
        Assert.Equal("frobnicate is not a recognized command.\n", result.Text);
    }

    [Fact]
    public async Task An_empty_command_is_not_implemented_without_text()
    {
        var result = await Router.RunCommandAsync("", [], NullCommandOutput.Instance);

        Assert.Equal(CommandResultCode.NotImplemented, result.Code);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public async Task CommandsRun_counts_each_command_whatever_its_result_and_the_lone_member_carries_it()
    {
        Assert.Equal(0, Router.CommandsRun);

        await Run("version");
        await Router.RunCommandAsync("frobnicate", ["now"], NullCommandOutput.Instance);
        await Run("countdown many");

        Assert.Equal(3, Router.CommandsRun);
        var self = Assert.Single(Router.Members);
        Assert.True(self.Self);
        Assert.Equal(3, self.CommandsRun);
    }

    [Fact]
    public async Task Help_version_and_plug_answer_with_node_prefixed_lines()
    {
        var help = await Run("!help");
        var version = await Run("VERSION");
        var plug = await Run("plug");

        Assert.Contains("<node1>   countdown - ", help.Text);
        Assert.Contains("<node1>   status [Bots] - ", help.Text);
        Assert.Matches(@"^<node1> ActorRpc V\d+\.\d+\.\d+", version.Text);
        Assert.Contains("<node1>   method sample::echo: dfproto.StringMessage -> dfproto.StringMessage", plug.Text);
        Assert.Contains("<node1>   method sample::counter: dfproto.EmptyMessage -> dfproto.IntMessage (serial)", plug.Text);
        Assert.Contains("<node1>   script sample-rpc.greet", plug.Text);
        Assert.Contains("<node1>   bot behaviour heartbeat every 1 s", plug.Text);
    }

    [Fact]
    public async Task A_plugin_command_streams_its_output_while_it_runs()
    {
        var output = new CollectingOutput();

        var run = Router.RunCommandAsync("countdown", ["3", "150"], output);
        await AwaitConditionAsync(() => output.Writes.Count >= 1, null, "the first line to arrive");
        var firstLineWhileRunning = !run.IsCompleted;
        var result = await run;

        Assert.True(firstLineWhileRunning, "the first line should arrive before the command ends");
        Assert.Equal(CommandResultCode.Ok, result.Code);
        Assert.Equal("3...\n2...\n1...\nLiftoff!\n", result.Text);
        Assert.Equal([TextColor.LightRed, TextColor.LightRed, TextColor.LightRed, TextColor.LightGreen], output.Writes.Select(w => w.Color));
    }

    [Fact]
    public async Task Wrong_usage_of_a_plugin_command_is_reported()
    {
        var result = await Run("countdown many");

        Assert.Equal(CommandResultCode.WrongUsage, result.Code);
        Assert.StartsWith("Usage: countdown", result.Text);
    }

    [Fact]
    public async Task Exit_asks_the_node_to_stop_after_answering()
    {
        var result = await Run("exit");

        Assert.Equal("<node1> Done! Shutting down.\n", result.Text);
        Assert.Equal(1, Lifetime.ExitRequests);
    }

    [Fact]
    public async Task Restart_reloads_plugins_and_bots()
    {
        WriteBotFile("alpha", """{"Enabled": true}""");
        AwaitCondition(() => Router.Table.Bots.ContainsKey("alpha"));
        await Run("stop alpha");

        var result = await Run("restart");

        Assert.Equal(CommandResultCode.Ok, result.Code);
        await AwaitAssertAsync(async () => Assert.Contains("Bot alpha is running.", (await Run("status alpha")).Text));
    }

    [Fact]
    public void Commands_are_refused_while_no_owner_is_configured()
    {
        Assert.True(Router.CommandsAllowed);
    }
}
