using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ActorRpc.Messages.Dfproto;
using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>Counts every exception thrown, and every byte allocated, in the process, so it runs alone.</summary>
[CollectionDefinition(nameof(HotPathSpec), DisableParallelization = true)]
public sealed class HotPathCollection;

/// <summary>
/// What the node pays per request: exceptions are not control flow (answering a command or a plugin call throws none,
/// not even caught ones), and a huge request costs a small multiple of its size, not ten.
/// </summary>
[Collection(nameof(HotPathSpec))]
public sealed class HotPathSpec : GatewayTestKit
{
    [Fact]
    public void RunCommand_and_plugin_calls_throw_no_exception_anywhere_in_the_node()
    {
        using var client = Open();
        var echo = BindSample(client, "echo", "dfproto.StringMessage", "dfproto.StringMessage");
        void Calls()
        {
            for (var i = 0; i < 100; i++)
            {
                client.Send(1, new CoreRunCommandRequest { Command = "status" });
                Assert.True(client.ReadReply().Succeeded);
                client.Send(echo, new StringMessage { Value = "x" });
                Assert.True(client.ReadReply().Succeeded);
            }
        }
        Calls();
        var thrown = new ConcurrentQueue<Exception>();
        void Count(object? sender, FirstChanceExceptionEventArgs e) => thrown.Enqueue(e.Exception);

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            Calls();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.True(thrown.IsEmpty, $"{thrown.Count} exceptions, the first: {thrown.FirstOrDefault()}");
    }

    [Fact]
    public async Task Four_64_MiB_unknown_commands_at_once_are_refused_with_short_texts_and_cost_a_few_times_their_size()
    {
        var name = new string('z', WireFrames.MaxMessageSize - 16);
        var frame = RawClient.Frame(1, new CoreRunCommandRequest { Command = name }.ToByteArray());
        var clients = Enumerable.Range(0, 4).Select(_ => Open()).ToList();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);

        var replies = await Task.WhenAll(clients.Select(client => Task.Run(() =>
        {
            client.SendRaw(frame);
            return client.ReadReply();
        })));

        var perCommand = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 4;
        foreach (var reply in replies)
        {
            Assert.Equal(-1, reply.FailCode);
            Assert.EndsWith($"… ({name.Length} characters) is not a recognized command.\n", reply.Text, StringComparison.Ordinal);
            Assert.True(reply.Text.Length < 1000, $"an error text of {reply.Text.Length} characters");
        }
        // The frame, its copy off the socket and the decoded name (two bytes a character) are unavoidable: about 4x.
        Assert.True(perCommand < 5L * WireFrames.MaxMessageSize, $"{perCommand / (1 << 20)} MiB allocated per command");
        clients.ForEach(client => client.Dispose());
    }
}
