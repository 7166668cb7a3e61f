using ActorRpc.Actors.Bots;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Core.Tests;

public sealed class PluginLoadingSpec : CoreTestKit
{
    public PluginLoadingSpec()
    {
        File.Copy(TestPluginAssembly, Path.Combine(PluginsDir, "testplugin.dll"));
    }

    [Fact]
    public async Task Load_registers_an_assembly_plugin_and_unload_removes_it()
    {
        var loaded = await Run("load testplugin");

        Assert.Equal(CommandResultCode.Ok, loaded.Code);
        Assert.StartsWith("<node1> Plugin testplugin 2.0.0 loaded from ", loaded.Text);
        Assert.Equal("hello from testplugin\n", (await Run("tp-hello")).Text);
        Assert.NotNull(Router.Bind("testplugin", "whoami", "dfproto.EmptyMessage", "dfproto.StringMessage").Method);
        Assert.Contains("testplugin 2.0.0", (await Run("plug")).Text);

        var unloaded = await Run("unload testplugin");

        Assert.Equal("<node1> Plugin testplugin unloaded.\n", unloaded.Text);
        Assert.Equal("tp-hello is not a recognized command.\n", (await Run("tp-hello")).Text);
        Assert.Equal(CommandResultCode.NotImplemented, (await Run("tp-hello")).Code);
        Assert.StartsWith("No such plugin: testplugin", Router.Bind("testplugin", "whoami", "dfproto.EmptyMessage", "dfproto.StringMessage").ErrorText);
    }

    [Fact]
    public async Task Reload_loads_the_assembly_afresh_in_a_new_context()
    {
        await Run("load testplugin");
        var before = await CallWhoAmI();

        var reloaded = await Run("reload testplugin");

        Assert.Equal("<node1> Plugin testplugin reloaded.\n", reloaded.Text);
        Assert.Equal("testplugin registration 1 in testplugin", before);
        Assert.Equal("testplugin registration 1 in testplugin", await CallWhoAmI());
    }

    [Fact]
    public async Task Unload_waits_for_calls_in_flight_and_a_method_bound_before_is_then_not_found()
    {
        await Run("load testplugin");
        var slow = Router.Bind("testplugin", "slow", "dfproto.IntMessage", "dfproto.IntMessage").Method!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var call = Router.CallAsync(slow, new IntMessage { Value = 300 }, NullCommandOutput.Instance);

        var unload = await Run("unload testplugin");

        // The 300 ms call held the unload: it came back no sooner than the call's work was done, and the call succeeded.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"unload returned after {clock.ElapsedMilliseconds} ms, before the call in flight finished");
        Assert.Equal(CommandResultCode.Ok, (await call).Code);
        Assert.Equal(CommandResultCode.Ok, unload.Code);
        var late = await Router.CallAsync(slow, new IntMessage { Value = 1 }, NullCommandOutput.Instance);
        Assert.Equal(CommandResultCode.NotFound, late.Code);
    }

    [Fact]
    public async Task A_bot_deleted_in_the_middle_of_a_behaviour_step_returns_the_plugin_s_lease_so_an_unload_does_not_wait_for_the_drain_timeout()
    {
        await Run("load testplugin");
        Assert.Equal(CommandResultCode.Ok, (await Router.SaveBotAsync("lingerer", BotConfig.Parse("""{"Enabled":true}"""))).Code);
        // Steps follow one another (each lasts its 200 ms interval): once one has reported, the bot is nearly always in one.
        await AwaitAssertAsync(async () => Assert.Contains("linger: lingered", (await Run("status lingerer")).Text));

        Assert.Equal(CommandResultCode.Ok, (await Router.DeleteBotAsync("lingerer")).Code);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var unload = await Run("unload testplugin");

        // The drain timeout is 30 s: a lease kept by the deleted bot's step would hold the unload that long.
        Assert.Equal("<node1> Plugin testplugin unloaded.\n", unload.Text);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"unload took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Loading_garbage_fails_with_a_reason_and_the_node_keeps_serving()
    {
        await File.WriteAllBytesAsync(Path.Combine(PluginsDir, "garbage.dll"), [0x4D, 0x5A, 1, 2, 3]);

        var result = await Run("load garbage");

        Assert.Equal(CommandResultCode.Failure, result.Code);
        Assert.Contains("Plugin assembly garbage.dll failed to load", result.Text);
        Assert.Equal(CommandResultCode.Ok, (await Run("version")).Code);
    }

    [Theory]
    [InlineData("load nothing-here", CommandResultCode.NotFound, "No plugin named nothing-here")]
    [InlineData("load ../escape", CommandResultCode.NotFound, "No plugin named ../escape")]
    [InlineData("unload nothing-here", CommandResultCode.NotFound, "Plugin nothing-here is not loaded.")]
    [InlineData("load sample", CommandResultCode.Failure, "Plugin sample is already loaded.")]
    [InlineData("load", CommandResultCode.WrongUsage, "Usage: load <Plugin>")]
    public async Task Plugin_commands_explain_what_went_wrong(string command, CommandResultCode code, string text)
    {
        var result = await Run(command);

        Assert.Equal(code, result.Code);
        Assert.Contains(text, result.Text);
    }

    [Fact]
    public async Task Built_in_plugins_can_be_unloaded_and_loaded_again()
    {
        Assert.Equal(CommandResultCode.Ok, (await Run("unload sample")).Code);
        Assert.Equal(CommandResultCode.NotImplemented, (await Run("countdown 1")).Code);

        Assert.Equal(CommandResultCode.Ok, (await Run("load sample")).Code);
        Assert.Equal(CommandResultCode.Ok, (await Run("countdown 1 1")).Code);
    }

    private async Task<string> CallWhoAmI()
    {
        var method = Router.Bind("testplugin", "whoami", "dfproto.EmptyMessage", "dfproto.StringMessage").Method!;
        var result = await Router.CallAsync(method, new EmptyMessage(), NullCommandOutput.Instance);
        return ((StringMessage)result.Output!).Value;
    }
}
