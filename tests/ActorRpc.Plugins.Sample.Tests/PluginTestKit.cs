using ActorRpc.Actors.Router;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Akka.TestKit;
using Xunit.Abstractions;

namespace ActorRpc.Plugins.Sample.Tests;

/// <summary>
/// An in-process core with one plugin loaded, in the test's Akka actor system: commands, RPC methods, script
/// functions and bot behaviours run exactly as on a node, without a gateway. Copy this class into a plugin's test
/// project and pass that plugin to the constructor.
/// </summary>
public abstract class PluginTestKit : ActorRpcTestKit
{
    private readonly string _root;

    protected PluginTestKit(IPlugin plugin, ITestOutputHelper output)
        : base(output)
    {
        _root = Directory.CreateTempSubdirectory("actorrpc-plugin-test-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "config"));
        Router = NodeCore.Start(Sys, Logs, new CoreOptions
        {
            NodeName = "test",
            BotsDirectory = Path.Combine(_root, "config"),
            PluginsDirectory = null,
            // Commands need an owner (as on a node: owner-id 0 prohibits them).
            OwnerId = 1,
        }, [plugin]);
        Assert.True(Router.WhenReady.Wait(TestKitTimeouts.DefaultExpect), "the core did not start");
    }

    /// <summary>The router: what the gateways call for every command, method call and bot request.</summary>
    protected CommandRouter Router { get; }

    /// <summary>Command output that tells each write to <paramref name="probe"/> as an <see cref="OutputLine"/>, so a test can ExpectMsg the lines as they stream.</summary>
    protected static ICommandOutput OutputTo(TestProbe probe) => new ProbeOutput(probe.Ref);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Directory.Delete(_root, recursive: true);
    }

    private sealed class ProbeOutput(IActorRef probe) : ICommandOutput
    {
        public void Write(string text, TextColor color = TextColor.Default) => probe.Tell(new OutputLine(text, color), ActorRefs.NoSender);
    }
}

/// <summary>One write of a command's or method's output.</summary>
public sealed record OutputLine(string Text, TextColor Color);
