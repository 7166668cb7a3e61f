using ActorRpc.Actors.Router;
using ActorRpc.Messages.Dfproto;
using Microsoft.Extensions.Logging;
using ActorRpc.Plugins.Sample;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>A TestKit with a node core and a TCP gateway on a free loopback port.</summary>
public abstract class GatewayTestKit : ActorRpcTestKit
{
    protected GatewayTestKit(TcpGatewayOptions? options = null, ulong ownerId = 1, ILoggerFactory? logs = null)
        : base(logs: logs)
    {
        Root = Directory.CreateTempSubdirectory("actorrpc-tcp-").FullName;
        Router = NodeCore.Start(Sys, Logs, new CoreOptions
        {
            NodeName = "node1",
            BotsDirectory = Path.Combine(Root, "config"),
            PluginsDirectory = Path.Combine(Root, "plugins"),
            OwnerId = ownerId,
        }, [new SamplePlugin()]);
        Assert.True(Router.WhenReady.Wait(TestKitTimeouts.DefaultExpect), "the core did not finish starting");
        Gateway = new TcpGateway(Sys, Router, (options ?? new TcpGatewayOptions()) with { Port = 0 }, Logs);
        Gateway.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.NotEqual(0, Gateway.Port);
    }

    protected string Root { get; }

    /// <summary>Writes a bot file atomically (temporary file, then rename), so the watcher never sees it half-written.</summary>
    protected void WriteBotFile(string name, string json)
    {
        var temporary = Path.Combine(Root, name + ".json.tmp");
        File.WriteAllText(temporary, json);
        File.Move(temporary, Path.Combine(Root, "config", name + ".json"), overwrite: true);
    }

    protected CommandRouter Router { get; }

    protected TcpGateway Gateway { get; }

    protected RawClient Open() => RawClient.Open(Gateway.Port);

    /// <summary>Binds a method of the sample plugin and returns its id.</summary>
    protected static short BindSample(RawClient client, string method, string input, string output)
    {
        client.Send(0, new CoreBindRequest { Plugin = "sample", Method = method, InputMsg = input, OutputMsg = output });
        return (short)client.ReadReply().Result(CoreBindReply.Parser).AssignedId;
    }

    protected override void Dispose(bool disposing)
    {
        Gateway.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        base.Dispose(disposing);
        Directory.Delete(Root, recursive: true);
    }
}
