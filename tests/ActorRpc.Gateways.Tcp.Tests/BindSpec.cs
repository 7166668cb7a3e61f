using ActorRpc.Messages.Dfproto;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>BindMethod answers one id per method and signature, however often a client binds it.</summary>
public sealed class BindSpec : GatewayTestKit
{
    [Fact]
    public void Binding_a_method_100000_times_answers_its_first_id_every_time_and_the_method_still_answers()
    {
        using var client = Open();
        var first = BindSample(client, "echo", "dfproto.StringMessage", "dfproto.StringMessage");
        var bind = RawClient.Frame(0, new CoreBindRequest { Plugin = "sample", Method = "echo", InputMsg = "dfproto.StringMessage", OutputMsg = "dfproto.StringMessage" }.ToByteArray());
        var burst = Enumerable.Repeat(bind, 1000).SelectMany(frame => frame).ToArray();

        for (var sent = 0; sent < 100_000; sent += 1000)
        {
            client.SendRaw(burst);
            for (var i = 0; i < 1000; i++)
            {
                Assert.Equal(first, client.ReadReply().Result(CoreBindReply.Parser).AssignedId);
            }
        }

        client.Send(first, new StringMessage { Value = "still bound" });
        Assert.Equal("still bound", client.ReadReply().Result(StringMessage.Parser).Value);
    }

    [Fact]
    public void Different_methods_get_different_ids_and_rebinding_either_keeps_its_own()
    {
        using var client = Open();

        var echo = BindSample(client, "echo", "dfproto.StringMessage", "dfproto.StringMessage");
        var counter = BindSample(client, "counter", "dfproto.EmptyMessage", "dfproto.IntMessage");

        Assert.NotEqual(echo, counter);
        Assert.Equal(echo, BindSample(client, "echo", "dfproto.StringMessage", "dfproto.StringMessage"));
        Assert.Equal(counter, BindSample(client, "counter", "dfproto.EmptyMessage", "dfproto.IntMessage"));
    }

    [Fact]
    public void A_rebind_with_the_wrong_signature_fails_and_leaves_the_bound_id_working()
    {
        using var client = Open();
        var echo = BindSample(client, "echo", "dfproto.StringMessage", "dfproto.StringMessage");

        client.Send(0, new CoreBindRequest { Plugin = "sample", Method = "echo", InputMsg = "dfproto.IntMessage", OutputMsg = "dfproto.StringMessage" });

        Assert.Equal("Requested wrong signature for RPC method: sample::echo\n", client.ReadReply().Text);
        client.Send(echo, new StringMessage { Value = "unchanged" });
        Assert.Equal("unchanged", client.ReadReply().Result(StringMessage.Parser).Value);
    }
}
