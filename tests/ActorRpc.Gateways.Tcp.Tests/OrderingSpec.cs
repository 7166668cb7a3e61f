using ActorRpc.Actors.Bots;
using ActorRpc.Messages.Dfproto;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>Pipelined calls of one connection reach each target (a bot, a serial method) in the order they were sent.</summary>
public sealed class OrderingSpec : GatewayTestKit
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(500)]
    public void Pipelined_calls_of_a_serial_method_run_in_request_order(int burst)
    {
        using var client = Open();
        var counter = BindSample(client, "counter", "dfproto.EmptyMessage", "dfproto.IntMessage");

        client.SendRaw(Burst(Enumerable.Repeat((counter, (IMessage)new EmptyMessage()), burst)));

        var values = Enumerable.Range(0, burst).Select(_ => client.ReadReply().Result(IntMessage.Parser).Value).ToList();
        Assert.Equal(Enumerable.Range(1, burst), values);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(500)]
    public void Pipelined_stops_then_a_start_leave_the_bot_running(int burst)
    {
        StartBot("epsilon");
        using var client = Open();
        var stops = Enumerable.Repeat((RunCommand, (IMessage)Command("stop", "epsilon")), burst - 1);

        client.SendRaw(Burst([.. stops, (RunCommand, Command("start", "epsilon"))]));

        var replies = Enumerable.Range(0, burst).Select(_ => client.ReadReply().Text).ToList();
        Assert.Equal("<epsilon> Done!\n", replies[0]);
        Assert.All(replies[1..^1], text => Assert.Equal("<epsilon> That bot instance is already stopped!\n", text));
        Assert.Equal("<epsilon> Done!\n", replies[^1]);
        Assert.Equal(BotState.Running, StateOf("epsilon"));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    public void Pipelined_pauses_and_resumes_each_see_the_state_the_previous_one_left(int burst)
    {
        StartBot("epsilon");
        using var client = Open();
        var calls = Enumerable.Range(0, burst).Select(i => (RunCommand, (IMessage)Command(i % 2 == 0 ? "pause" : "resume", "epsilon")));

        client.SendRaw(Burst(calls));

        // In order, every pause finds the bot running and every resume finds it paused.
        for (var i = 0; i < burst; i++)
        {
            Assert.Equal("<epsilon> Done!\n", client.ReadReply().Text);
        }
        Assert.Equal(burst % 2 == 0 ? BotState.Running : BotState.Paused, StateOf("epsilon"));
    }

    [Fact]
    public void A_suspension_holds_another_sessions_change_and_the_read_sent_after_it()
    {
        StartBot("epsilon");
        using var holder = Open();
        using var client = Open();
        holder.Send(CoreSuspend, new EmptyMessage());
        Assert.Equal(1, holder.ReadReply().Result(IntMessage.Parser).Value);

        client.SendRaw(Burst([(RunCommand, Command("pause", "epsilon")), (RunCommand, Command("status", "epsilon"))]));

        // The status waits behind the pause although reads pass a suspension: the client sent it second.
        AwaitCondition(() => Router.Suspensions.Waiting == 2);
        Assert.Equal(BotState.Running, StateOf("epsilon"));
        holder.Send(CoreResume, new EmptyMessage());
        Assert.Equal(0, holder.ReadReply().Result(IntMessage.Parser).Value);
        Assert.True(client.ReadReply().Succeeded);
        Assert.StartsWith("<epsilon> Bot epsilon is paused.", client.ReadReply().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suspension_lets_other_sessions_read_and_the_holder_change()
    {
        StartBot("epsilon");
        using var holder = Open();
        using var reader = Open();
        holder.Send(CoreSuspend, new EmptyMessage());
        holder.ReadReply();

        reader.Send(RunCommand, Command("status", "epsilon"));
        holder.Send(RunCommand, Command("pause", "epsilon"));

        Assert.Contains("<epsilon>", reader.ReadReply().Text, StringComparison.Ordinal);
        Assert.True(holder.ReadReply().Succeeded);
        Assert.Equal(BotState.Paused, StateOf("epsilon"));
    }

    [Fact]
    public async Task A_command_from_a_caller_without_a_session_waits_for_a_suspension_too()
    {
        StartBot("epsilon");
        using var holder = Open();
        holder.Send(CoreSuspend, new EmptyMessage());
        holder.ReadReply();

        // What the HTTP gateway and the web console call.
        var pause = Router.RunCommandLineAsync("pause epsilon", PluginSdk.NullCommandOutput.Instance);

        AwaitCondition(() => Router.Suspensions.Waiting == 1);
        Assert.False(pause.IsCompleted);
        holder.Dispose();
        // Closing the holder's connection releases its suspension.
        await pause.WaitAsync(TestKitTimeouts.DefaultExpect);
        Assert.Equal(BotState.Paused, StateOf("epsilon"));
    }

    private const short RunCommand = 1;
    private const short CoreSuspend = 2;
    private const short CoreResume = 3;

    private static CoreRunCommandRequest Command(string command, params string[] arguments) => new() { Command = command, Arguments = { arguments } };

    /// <summary>All the calls' frames in one buffer, so they reach the node as one pipelined burst.</summary>
    private static byte[] Burst(IEnumerable<(short Id, IMessage Message)> calls) =>
        [.. calls.SelectMany(call => RawClient.Frame(call.Id, call.Message.ToByteArray()))];

    private void StartBot(string name)
    {
        WriteBotFile(name, """{"Enabled": true}""");
        AwaitCondition(() => Router.Table.Bots.ContainsKey(name) && StateOf(name) == BotState.Running);
    }

    private BotState? StateOf(string name) =>
        Router.GetBotsAsync(name).GetAwaiter().GetResult().Bots.SingleOrDefault()?.State;
}
