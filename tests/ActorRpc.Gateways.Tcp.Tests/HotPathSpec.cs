using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ActorRpc.Messages.Dfproto;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>Counts every exception thrown in the process, so it runs alone.</summary>
[CollectionDefinition(nameof(HotPathSpec), DisableParallelization = true)]
public sealed class HotPathCollection;

/// <summary>Exceptions are not control flow: answering a command or a plugin call throws none, not even caught ones.</summary>
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
}
