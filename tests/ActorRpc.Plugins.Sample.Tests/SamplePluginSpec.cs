using ActorRpc.Actors.Bots;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Xunit.Abstractions;

namespace ActorRpc.Plugins.Sample.Tests;

/// <summary>The sample plugin, tested the way a plugin author tests theirs: see the README's "Testing your plugin with Akka TestKit".</summary>
public sealed class SamplePluginSpec(ITestOutputHelper output) : PluginTestKit(new SamplePlugin(), output)
{
    [Fact]
    public async Task A_command_streams_its_lines_while_it_runs()
    {
        var probe = CreateTestProbe();

        var run = Router.RunCommandAsync("countdown", ["2", "50"], OutputTo(probe));

        Assert.Equal(new OutputLine("2...\n", TextColor.LightRed), probe.ExpectMsg<OutputLine>());
        Assert.False(run.IsCompleted, "the first line came before the command ended");
        Assert.Equal(new OutputLine("1...\n", TextColor.LightRed), probe.ExpectMsg<OutputLine>());
        Assert.Equal(new OutputLine("Liftoff!\n", TextColor.LightGreen), probe.ExpectMsg<OutputLine>());
        Assert.Equal(CommandResultCode.Ok, (await run).Code);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_command_given_bad_arguments_says_how_to_use_it()
    {
        var probe = CreateTestProbe();

        var result = await Router.RunCommandAsync("countdown", ["lots"], OutputTo(probe));

        Assert.Equal(CommandResultCode.WrongUsage, result.Code);
        Assert.StartsWith("Usage: countdown", probe.ExpectMsg<OutputLine>().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_rpc_method_answers_with_its_output_message()
    {
        var sum = Bind("sum", IntListMessage.Descriptor.FullName, IntMessage.Descriptor.FullName);

        var result = await Router.CallAsync(sum, new IntListMessage { Value = { 1, 2, 39 } }, NullCommandOutput.Instance);

        Assert.Equal(CommandResultCode.Ok, result.Code);
        Assert.Equal(42, ((IntMessage)result.Output!).Value);
    }

    [Fact]
    public async Task An_rpc_method_that_throws_fails_the_call_with_its_message_and_the_plugin_keeps_serving()
    {
        var fail = Bind("fail", StringMessage.Descriptor.FullName, EmptyMessage.Descriptor.FullName);
        var probe = CreateTestProbe();

        var result = await Router.CallAsync(fail, new StringMessage { Value = "broken on purpose" }, OutputTo(probe));

        Assert.Equal(CommandResultCode.Failure, result.Code);
        Assert.Equal("broken on purpose\n", probe.ExpectMsg<OutputLine>().Text);
        var echo = Bind("echo", StringMessage.Descriptor.FullName, StringMessage.Descriptor.FullName);
        Assert.Equal("still here", ((StringMessage)(await Router.CallAsync(echo, new StringMessage { Value = "still here" }, NullCommandOutput.Instance)).Output!).Value);
    }

    [Fact]
    public async Task A_serial_method_runs_one_call_at_a_time()
    {
        var counter = Bind("counter", EmptyMessage.Descriptor.FullName, IntMessage.Descriptor.FullName);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Router.CallAsync(counter, new EmptyMessage(), NullCommandOutput.Instance)));

        Assert.Equal(Enumerable.Range(1, 20), results.Select(r => ((IntMessage)r.Output!).Value).Order());
    }

    [Fact]
    public async Task A_running_bot_performs_the_behaviour_and_reports_it()
    {
        await Router.SaveBotAsync("watcher", BotConfig.Parse("""{"Enabled": false, "HeartbeatMessage": "all good"}"""));
        Assert.Equal(CommandResultCode.Ok, (await Router.RunCommandLineAsync("start watcher", NullCommandOutput.Instance)).Code);

        // The behaviour runs every second: wait for its first report rather than for a fixed time.
        await AwaitAssertAsync(async () =>
        {
            var bot = (await Router.GetBotsAsync("watcher")).Bots.Single();
            Assert.Equal("1 heartbeat (all good)", bot.Reports["heartbeat"]);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_deleted_bot_actor_stops()
    {
        await Router.SaveBotAsync("short-lived", BotConfig.Default);
        await AwaitConditionAsync(() => Router.Table.Bots.ContainsKey("short-lived"), null, "the bot to be created");
        var bot = Router.Table.Bots["short-lived"];
        var probe = CreateTestProbe();
        probe.Watch(bot);

        await Router.DeleteBotAsync("short-lived");

        probe.ExpectTerminated(bot);
        Assert.False(Router.Table.Bots.ContainsKey("short-lived"));
    }

    private Actors.Plugins.RpcMethod Bind(string method, string input, string output) =>
        Router.Bind("sample", method, input, output) is { Method: { } bound } ? bound : throw new InvalidOperationException($"sample::{method} did not bind");
}
