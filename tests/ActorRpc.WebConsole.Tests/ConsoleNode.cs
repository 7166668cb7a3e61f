using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace ActorRpc.WebConsole.Tests;

/// <summary>
/// A node started as a real process with the HTTP gateway (and so the console) on a free loopback port, its bots in
/// a directory of its own, plus one headless Debian chromium driven by Playwright. Tests open a fresh browser context
/// each (fresh storage: nobody is signed in).
/// </summary>
public class ConsoleNode : IAsyncLifetime
{
    /// <summary>The node's IPC password.</summary>
    public const string Password = "s3cret";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("actorrpc-console-").FullName;
    private NodeProcess? _node;
    private IPlaywright? _playwright;

    /// <summary>The owner id given to the node: 0 makes it refuse commands (the console's 503 screen).</summary>
    protected virtual string OwnerId => "1";

    /// <summary>The console's URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The node's bot configuration directory.</summary>
    public string BotsDirectory => Path.Combine(_root, "config");

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>What the node printed, for failure messages.</summary>
    public string Output => _node?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(BotsDirectory);
        WriteBot("alpha", enabled: true);
        WriteBot("beta", enabled: false);
        var port = FreePort();
        _node = NodeProcess.Start(
            ["--server", "--ipc-port", port.ToString(), "--rpc-port", FreePort().ToString(), "--owner-id", OwnerId,
             "--ipc-password", Password, "--bots-dir", BotsDirectory, "--node-name", "console-node"],
            workingDirectory: _root);
        _node.WaitForLine("ready", s_startTimeout);
        Url = new Uri($"http://127.0.0.1:{port}/");

        (_playwright, Browser) = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>A fresh context (no stored password) and a page in it.</summary>
    public Task<IPage> NewPageAsync() => HeadlessChromium.NewPageAsync(Browser);

    /// <summary>Opens the console at <paramref name="tab"/> and signs in with the password.</summary>
    public async Task<IPage> SignedInAsync(string tab = "bots")
    {
        var page = await NewPageAsync();
        await HeadlessChromium.OpenSignedInAsync(page, new Uri(Url, $"#{tab}"), Password);
        return page;
    }

    /// <summary>Writes a bot's file atomically (the node watches the directory: a half-written file would be a broken bot).</summary>
    public void WriteBot(string name, bool enabled)
    {
        var path = Path.Combine(BotsDirectory, name + ".json");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, $$"""{"Enabled": {{(enabled ? "true" : "false")}}}""");
        File.Move(temporary, path, overwrite: true);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_node is not null)
        {
            _node.Terminate();
            _node.WaitForExit(TimeSpan.FromSeconds(30));
            _node.Dispose();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a process being torn down: the temp directory is cleaned by the system.
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The same, with OwnerId 0: every command is refused with 503.</summary>
public sealed class OwnerlessNode : ConsoleNode
{
    protected override string OwnerId => "0";
}
