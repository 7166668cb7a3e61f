using ActorRpc.Actors.Router;
using ActorRpc.PluginSdk;
using ActorRpc.Plugins.Sample;
using ActorRpc.Protocol;
using Xunit.Abstractions;

namespace ActorRpc.Core.Tests;

/// <summary>A TestKit with a node core on temporary bots and plugins directories, the sample plugin built in.</summary>
public abstract class CoreTestKit : ActorRpcTestKit
{
    protected CoreTestKit(ITestOutputHelper? output = null, bool startCore = true)
        : base(output)
    {
        Root = Directory.CreateTempSubdirectory("actorrpc-core-").FullName;
        BotsDir = Path.Combine(Root, "config");
        PluginsDir = Path.Combine(Root, "plugins");
        Directory.CreateDirectory(BotsDir);
        Directory.CreateDirectory(PluginsDir);
        Lifetime = new RecordingLifetime();
        if (startCore)
        {
            StartCore();
        }
    }

    protected string Root { get; }

    protected string BotsDir { get; }

    protected string PluginsDir { get; }

    protected RecordingLifetime Lifetime { get; }

    protected CommandRouter Router { get; private set; } = null!;

    /// <summary>The test plugin's assembly, as built next to the tests.</summary>
    protected static string TestPluginAssembly => Path.Combine(AppContext.BaseDirectory, "testplugins", "testplugin.dll");

    protected void StartCore(CoreOptions? options = null)
    {
        Router = NodeCore.Start(Sys, Logs, (options ?? new CoreOptions()) with { NodeName = "node1", BotsDirectory = BotsDir, PluginsDirectory = PluginsDir, OwnerId = 1 },
            [new SamplePlugin()], Lifetime);
        // Fully started (plugins directory scanned, bots loaded): files a test adds afterwards are not picked up at start.
        Assert.True(Router.WhenReady.Wait(TestKitTimeouts.DefaultExpect), "the core did not finish starting");
    }

    /// <summary>
    /// Writes a bot file the way the node itself does (temporary file, then rename): a plain write lets the watcher see
    /// the file empty or half-written, and the bot then shows a failed configuration for a moment.
    /// </summary>
    protected void WriteBotFile(string name, string json)
    {
        var temporary = Path.Combine(Root, name + ".json.tmp");
        File.WriteAllText(temporary, json);
        File.Move(temporary, Path.Combine(BotsDir, name + ".json"), overwrite: true);
    }

    protected async Task<CommandResult> Run(string commandLine)
    {
        return await Router.RunCommandLineAsync(commandLine, NullCommandOutput.Instance);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A plugin assembly may still be mapped; the temp folder is cleaned by the system.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    protected sealed class RecordingLifetime : INodeLifetime
    {
        public int ExitRequests;

        public void RequestExit() => Interlocked.Increment(ref ExitRequests);
    }
}

/// <summary>Collects what a command writes, with colours and timestamps.</summary>
public sealed class CollectingOutput : ICommandOutput
{
    private readonly List<(string Text, TextColor Color, DateTime At)> _writes = [];

    public IReadOnlyList<(string Text, TextColor Color, DateTime At)> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    public string Text => string.Concat(Writes.Select(w => w.Text));

    public void Write(string text, TextColor color = TextColor.Default)
    {
        lock (_writes)
        {
            _writes.Add((text, color, DateTime.UtcNow));
        }
    }
}
