using ActorRpc.Actors.Router;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Core.Tests;

public sealed class OverloadSpec : CoreTestKit
{
    public OverloadSpec()
        : base(startCore: false)
    {
        WriteBotFile("alpha", """{"Enabled": false}""");
        StartCore(new CoreOptions { MaxConcurrentCalls = 1, MaxQueuedCallsPerMethod = 1, MaxQueuedCommandsPerBot = 0 });
        AwaitCondition(() => Router.Table.Bots.ContainsKey("alpha"));
    }

    [Fact]
    public async Task Calls_past_a_methods_waiting_room_fail_at_once_as_overloaded_and_the_others_complete()
    {
        var delay = Router.Bind("sample", "delay", "dfproto.IntMessage", "dfproto.IntMessage").Method!;
        var running = Router.CallAsync(delay, new IntMessage { Value = 500 }, NullCommandOutput.Instance);
        var waiting = Router.CallAsync(delay, new IntMessage { Value = 1 }, NullCommandOutput.Instance);
        var output = new CollectingOutput();

        var refused = await Router.CallAsync(delay, new IntMessage { Value = 1 }, output);

        Assert.Equal(CommandResultCode.LinkFailure, refused.Code);
        Assert.StartsWith("In call to delay: overloaded", output.Text);
        Assert.False(running.IsCompleted);
        Assert.Equal(CommandResultCode.Ok, (await running).Code);
        Assert.Equal(CommandResultCode.Ok, (await waiting).Code);
    }

    [Fact]
    public async Task Commands_past_a_bots_queue_limit_fail_at_once_as_overloaded()
    {
        var result = await Run("status alpha");

        Assert.Equal(CommandResultCode.LinkFailure, result.Code);
        Assert.Equal("<alpha> overloaded: too many commands waiting; try again later.\n", result.Text);
    }
}
