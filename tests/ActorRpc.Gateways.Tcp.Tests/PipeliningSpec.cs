using System.Diagnostics;
using ActorRpc.Messages.Dfproto;

namespace ActorRpc.Gateways.Tcp.Tests;

public sealed class PipeliningSpec : GatewayTestKit
{
    [Fact]
    public void Pipelined_calls_run_concurrently_and_answer_in_request_order()
    {
        using var client = Open();
        var delayId = BindSample(client, "delay", "dfproto.IntMessage", "dfproto.IntMessage");
        var echoId = BindSample(client, "echo", "dfproto.StringMessage", "dfproto.StringMessage");
        var clock = Stopwatch.StartNew();

        client.Send(delayId, new IntMessage { Value = 600 });
        for (var i = 0; i < 5; i++)
        {
            client.Send(delayId, new IntMessage { Value = 500 });
            client.Send(echoId, new StringMessage { Value = $"echo {i}" });
        }

        var slow = client.ReadReply();
        Assert.Equal("waiting 600 ms\n", slow.Text);
        Assert.Equal(600, slow.Result(IntMessage.Parser).Value);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(500, client.ReadReply().Result(IntMessage.Parser).Value);
            Assert.Equal($"echo {i}", client.ReadReply().Result(StringMessage.Parser).Value);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(600 + 5 * 500) / 2, $"took {clock.ElapsedMilliseconds} ms: the pipelined calls did not overlap");
    }

    [Fact]
    public void Text_of_a_later_call_waits_until_the_earlier_call_has_answered()
    {
        using var client = Open();

        client.Send(1, new CoreRunCommandRequest { Command = "countdown", Arguments = { "3", "100" } });
        client.Send(1, new CoreRunCommandRequest { Command = "countdown", Arguments = { "2", "1" } });

        Assert.Equal("3...\n2...\n1...\nLiftoff!\n", client.ReadReply().Text);
        Assert.Equal("2...\n1...\nLiftoff!\n", client.ReadReply().Text);
    }

    [Fact]
    public void A_slow_call_on_one_session_never_delays_another_session()
    {
        using var busy = Open();
        using var other = Open();
        var delayId = BindSample(busy, "delay", "dfproto.IntMessage", "dfproto.IntMessage");
        busy.Send(delayId, new IntMessage { Value = 2000 });
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 20; i++)
        {
            other.Send(5, new EmptyMessage());
            Assert.True(other.ReadReply().Succeeded);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1000), $"the other session took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(2000, busy.ReadReply().Result(IntMessage.Parser).Value);
    }

    [Fact]
    public void Streamed_text_of_the_head_call_arrives_while_it_runs()
    {
        using var client = Open();
        var clock = Stopwatch.StartNew();

        client.Send(1, new CoreRunCommandRequest { Command = "countdown", Arguments = { "3", "300" } });
        var (id, _, _) = client.ReadFrame();

        Assert.Equal(-3, id);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(600), $"the first line came after {clock.ElapsedMilliseconds} ms, not while the command ran");
        var rest = client.ReadReply();
        Assert.True(rest.Succeeded);
        Assert.EndsWith("1...\nLiftoff!\n", rest.Text);
    }
}
