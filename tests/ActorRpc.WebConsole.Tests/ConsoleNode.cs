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

    private readonly string _root = Directory.CreateTempSubdirectory("actorrpc-console-").FullName;
    private ConsoleNodeProcess? _node;
    private HeadlessChromium? _chromium;

    /// <summary>The owner id given to the node: 0 makes it refuse commands (the console's 503 screen).</summary>
    protected virtual string OwnerId => "1";

    /// <summary>The console's URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url => _node!.Url;

    /// <summary>The node's bot configuration directory.</summary>
    public string BotsDirectory => Path.Combine(_root, "config");

    /// <summary>What the node printed, for failure messages.</summary>
    public string Output => _node?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(BotsDirectory);
        WriteBot("alpha", enabled: true);
        WriteBot("beta", enabled: false);
        _node = ConsoleNodeProcess.Start("console-node", _root, Password, OwnerId);
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>A fresh context (no stored password) and a page in it.</summary>
    public Task<IPage> NewPageAsync() => _chromium!.NewPageAsync();

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
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        _node?.Dispose();
        ConsoleNodeProcess.DeleteQuietly(_root);
    }
}

/// <summary>The same, with OwnerId 0: every command is refused with 503.</summary>
public sealed class OwnerlessNode : ConsoleNode
{
    protected override string OwnerId => "0";
}
