using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ActorRpc.WebConsole.Tests;

/// <summary>A node without a password, started as a process, with the bot <c>alpha</c> running, plus a headless chromium.</summary>
public sealed class OpenConsoleNode : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("actorrpc-open-").FullName;
    private ConsoleNodeProcess? _node;

    public Uri Url => _node!.Url;

    public string BotsDirectory => Path.Combine(_root, "config");

    public HeadlessChromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(BotsDirectory);
        File.WriteAllText(Path.Combine(BotsDirectory, "alpha.json"), """{"Enabled": true}""");
        // An empty password is no password.
        _node = ConsoleNodeProcess.Start("open-node", _root, password: string.Empty, ownerId: "1");
        Chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }
        _node?.Dispose();
        ConsoleNodeProcess.DeleteQuietly(_root);
    }
}

/// <summary>
/// A web page of another origin, open in the operator's browser, cannot drive a node that has no password (no CORS, and what the
/// browser sends for it is refused), while the node's own console works; with a password, a page that knows it is served.
/// </summary>
public sealed class CrossOriginSpec(OpenConsoleNode node) : IClassFixture<OpenConsoleNode>
{
    /// <summary>A page that tries everything a site can without the node's consent, and records what each attempt saw in <c>window.done</c>.</summary>
    private static string AttackPage(Uri node) => $$"""
        <!doctype html><meta charset="utf-8"><title>elsewhere</title>
        <iframe name="sink"></iframe>
        <form id="exit" method="post" action="{{node}}Api/Command/exit" target="sink"></form>
        <script>
        const node = "{{node}}";
        const results = {};
        async function attempt(name, run) { try { results[name] = String(await run()); } catch (e) { results[name] = "blocked: " + e; } }
        (async () => {
          await attempt("create", async () => (await fetch(node + "Api/Bot/evil", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ BotConfig: { Enabled: true } }) })).status);
          await attempt("read", async () => JSON.stringify(await (await fetch(node + "Api/Bot/ASF")).json()));
          await attempt("fetch", async () => (await fetch(node + "Api/Command/exit", { method: "POST", mode: "no-cors" })).type);
          await attempt("form", () => new Promise(resolve => { document.querySelector("iframe").onload = () => resolve("loaded"); document.getElementById("exit").submit(); }));
          await attempt("image", () => new Promise(resolve => { const image = new Image(); image.onload = () => resolve("loaded"); image.onerror = () => resolve("error"); image.src = node + "Api/Command/exit"; }));
          window.done = results;
        })();
        </script>
        """;

    [Fact]
    public async Task Without_a_password_a_page_of_another_origin_cannot_create_a_bot_read_the_bots_or_stop_the_node()
    {
        using var site = new ForeignOrigin(AttackPage(node.Url));
        var page = await node.Chromium.NewPageAsync();

        await page.GotoAsync(site.Url.ToString());
        var results = await (await page.WaitForFunctionAsync("() => window.done")).JsonValueAsync<Dictionary<string, string>>();

        Assert.StartsWith("blocked", results["create"]);
        Assert.StartsWith("blocked", results["read"]);
        Assert.Equal(["create", "fetch", "form", "image", "read"], results.Keys.Order());
        Assert.False(File.Exists(Path.Combine(node.BotsDirectory, "evil.json")));
        using var client = new HttpClient { BaseAddress = node.Url, Timeout = TimeSpan.FromSeconds(30) };
        using (var evil = JsonDocument.Parse(await (await client.GetAsync("Api/Bot/evil")).Content.ReadAsStringAsync()))
        {
            Assert.Empty(evil.RootElement.GetProperty("Result").EnumerateObject());
        }
        // Still running: exit was refused every way the page tried.
        using var version = await client.GetAsync("Api/Command/version");
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        using var bots = JsonDocument.Parse(await (await client.GetAsync("Api/Bot/ASF")).Content.ReadAsStringAsync());
        Assert.Equal(["alpha"], bots.RootElement.GetProperty("Result").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Without_a_password_the_nodes_own_console_still_drives_bots_and_streams_the_log()
    {
        var page = await node.Chromium.NewPageAsync();
        // No sign-in: the console's probe of /Api finds that the node asks for no password.
        await page.GotoAsync(node.Url.ToString());
        await Expect(page.GetByText("no password set")).ToBeVisibleAsync();
        var alpha = page.Locator("tr[data-bot=alpha]");
        await Expect(alpha.Locator("[data-test=state]")).ToHaveTextAsync("Running");

        await alpha.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(alpha.Locator("[data-test=state]")).ToHaveTextAsync("Paused");
        await alpha.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(alpha.Locator("[data-test=state]")).ToHaveTextAsync("Running");

        await page.GotoAsync(new Uri(node.Url, "#log").ToString());
        await Expect(page.Locator("[data-test=log-lines] .line").Filter(new() { HasText = "IPC server ready" })).ToBeVisibleAsync();
    }
}

/// <summary>With a password, CORS is as before: a page of another origin that knows the password is served.</summary>
public sealed class PasswordCrossOriginSpec(ConsoleNode node) : IClassFixture<ConsoleNode>
{
    [Fact]
    public async Task With_a_password_a_page_of_another_origin_that_sends_it_reads_the_bots_and_creates_one()
    {
        using var site = new ForeignOrigin($$"""
            <!doctype html><meta charset="utf-8"><title>a tool</title>
            <script>
            const node = "{{node.Url}}";
            const headers = { "Authentication": "{{ConsoleNode.Password}}", "Content-Type": "application/json" };
            (async () => {
              const results = {};
              try {
                results.without = String((await fetch(node + "Api/Bot/ASF")).status);
                results.read = Object.keys((await (await fetch(node + "Api/Bot/ASF", { headers })).json()).Result).join(",");
                results.create = String((await fetch(node + "Api/Bot/remote", { method: "POST", headers, body: JSON.stringify({ BotConfig: { Enabled: false } }) })).status);
              } catch (e) { results.error = String(e); }
              window.done = results;
            })();
            </script>
            """);
        var page = await node.NewPageAsync();

        await page.GotoAsync(site.Url.ToString());
        var results = await (await page.WaitForFunctionAsync("() => window.done")).JsonValueAsync<Dictionary<string, string>>();

        Assert.False(results.ContainsKey("error"), results.GetValueOrDefault("error"));
        Assert.Equal("401", results["without"]);
        Assert.Equal("alpha,beta", results["read"]);
        Assert.Equal("200", results["create"]);
        Assert.True(File.Exists(Path.Combine(node.BotsDirectory, "remote.json")));
        File.Delete(Path.Combine(node.BotsDirectory, "remote.json"));
    }
}
