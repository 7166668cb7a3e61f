using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Tcp;
using ActorRpc.Plugins.Sample;
using ActorRpc.Tools.Run;

namespace ActorRpc.Client.Tests;

/// <summary>A TestKit with a real node core (sample plugin loaded) and a TCP gateway on a free loopback port.</summary>
public abstract class ClientTestKit : ActorRpcTestKit
{
    protected ClientTestKit()
    {
        Root = Directory.CreateTempSubdirectory("actorrpc-client-").FullName;
        Router = NodeCore.Start(Sys, Logs, new CoreOptions
        {
            NodeName = "node1",
            BotsDirectory = Path.Combine(Root, "config"),
            PluginsDirectory = Path.Combine(Root, "plugins"),
            OwnerId = 1,
        }, [new SamplePlugin()]);
        Assert.True(Router.WhenReady.Wait(TestKitTimeouts.DefaultExpect), "the core did not finish starting");
        Gateway = new TcpGateway(Sys, Router, new TcpGatewayOptions { Port = 0 }, Logs);
        Gateway.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.NotEqual(0, Gateway.Port);
    }

    /// <summary>A temporary directory for the node's files (and the tool's current directory).</summary>
    protected string Root { get; }

    protected CommandRouter Router { get; }

    protected TcpGateway Gateway { get; }

    /// <summary>How long a test waits for something that should happen promptly before it fails.</summary>
    protected static TimeSpan Patience => TestKitTimeouts.Dilated(TimeSpan.FromSeconds(10));

    /// <summary>A token that cancels after <see cref="Patience"/>, so a hung test fails instead of hanging.</summary>
    protected static CancellationToken Deadline => new CancellationTokenSource(Patience).Token;

    protected Task<RemoteClient> ConnectAsync() => RemoteClient.ConnectAsync("localhost", Gateway.Port, Deadline);

    /// <summary>A loopback port nothing listens on (it was free a moment ago).</summary>
    protected static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until the gateway has exactly <paramref name="count"/> open connections.</summary>
    protected Task AwaitConnectionCountAsync(int count) =>
        AwaitAssertAsync(async () => Assert.Equal(count, await Gateway.CountConnectionsAsync(Patience)), Patience);

    /// <summary>Runs actorrpc-run in-process with <c>DFHACK_PORT</c> set to the gateway's port (unless <paramref name="environment"/> is given) and <see cref="Root"/> as current directory.</summary>
    protected async Task<ToolRun> RunToolAsync(string[] args, IDictionary? environment = null, string? currentDirectory = null, bool stdoutIsTerminal = false)
    {
        environment ??= new Hashtable { ["DFHACK_PORT"] = Gateway.Port.ToString(CultureInfo.InvariantCulture) };
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await RunTool.RunAsync(args, stdout, stderr, environment, currentDirectory ?? Root, stdoutIsTerminal, Deadline).WaitAsync(Patience);
        return new ToolRun(exit, stdout.ToString(), stderr.ToString());
    }

    protected override void Dispose(bool disposing)
    {
        Gateway.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        base.Dispose(disposing);
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>What one run of the tool did.</summary>
public sealed record ToolRun(int ExitCode, string Stdout, string Stderr);
