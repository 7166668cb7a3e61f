using ActorRpc.Messages.Dfproto;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>No reply frame exceeds the frame limit: longer text travels in several TEXT frames.</summary>
public sealed class FrameLimitSpec() : GatewayTestKit(new TcpGatewayOptions { MaxFrameSize = 256 })
{
    [Fact]
    public void Text_longer_than_a_frame_is_split_into_frames_within_the_limit_and_arrives_whole()
    {
        using var client = Open();

        client.Send(1, new CoreRunCommandRequest { Command = "help" });

        var texts = new List<(int Size, CoreTextNotification Text)>();
        while (client.ReadFrame() is var (id, size, body) && id == -3)
        {
            texts.Add((size, CoreTextNotification.Parser.ParseFrom(body)));
        }
        Assert.True(texts.Count > 1, "the help text fit one frame: the test proves nothing");
        Assert.All(texts, text => Assert.InRange(text.Size, 1, 256));
        var whole = string.Concat(texts.SelectMany(t => t.Text.Fragments).Select(f => f.Text));
        Assert.StartsWith("<node1> Commands:\n", whole, StringComparison.Ordinal);
        Assert.EndsWith("r!REGEX for a pattern.\n", whole, StringComparison.Ordinal);
    }
}
