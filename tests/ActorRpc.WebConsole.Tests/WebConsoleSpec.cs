using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ActorRpc.WebConsole.Tests;

/// <summary>The console in a real browser against a real node: sign in, bots, console, methods, cluster, log.</summary>
public sealed partial class WebConsoleSpec(ConsoleNode node) : IClassFixture<ConsoleNode>
{
    [Fact]
    public async Task A_wrong_password_is_refused_and_the_right_one_shows_the_bots()
    {
        var page = await node.NewPageAsync();
        await page.GotoAsync(node.Url.ToString());
        await Expect(page.Locator("[data-screen=sign-in]")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "sign-in");

        await HeadlessChromium.SignInAsync(page, "not-the-password");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The node refused that password.");

        await HeadlessChromium.SignInAsync(page, ConsoleNode.Password);
        var alpha = page.Locator("tr[data-bot=alpha]");
        await Expect(alpha.Locator("[data-test=state]")).ToHaveTextAsync("Running");
        await Expect(alpha.Locator("td.node")).ToHaveTextAsync("console-node");
        await Expect(alpha.Locator("td.status")).ToContainTextAsync("Bot alpha is running.");
        await Expect(page.Locator("tr[data-bot=beta] [data-test=state]")).ToHaveTextAsync("Stopped");

        // Kept for this tab only (sessionStorage) unless remembered: a reload stays signed in.
        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-bot=alpha]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.Locator("[data-screen=sign-in]")).ToBeVisibleAsync();
        Assert.Equal("null", await page.EvaluateAsync<string>("() => String(sessionStorage.getItem('actorrpc.password') ?? localStorage.getItem('actorrpc.password'))"));
    }

    [Fact]
    public async Task The_table_follows_a_bot_started_and_stopped_from_its_buttons_and_from_elsewhere()
    {
        var page = await node.SignedInAsync();
        var beta = page.Locator("tr[data-bot=beta]");
        await Expect(beta.Locator("[data-test=state]")).ToHaveTextAsync("Stopped");

        await beta.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Expect(beta.Locator("[data-test=state]")).ToHaveTextAsync("Running");
        await Screenshots.TakeAsync(page, "bots");
        await beta.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(beta.Locator("[data-test=state]")).ToHaveTextAsync("Paused");
        await beta.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(beta.Locator("[data-test=state]")).ToHaveTextAsync("Running");
        await beta.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(beta.Locator("[data-test=state]")).ToHaveTextAsync("Stopped");

        // Live: a change made through the API by someone else shows without a reload.
        using var client = Api();
        (await client.PostAsync("Api/Bot/beta/Start", null)).EnsureSuccessStatusCode();
        await Expect(beta.Locator("[data-test=state]")).ToHaveTextAsync("Running");
        (await client.PostAsync("Api/Bot/beta/Stop", null)).EnsureSuccessStatusCode();
        await Expect(beta.Locator("[data-test=state]")).ToHaveTextAsync("Stopped");
    }

    [Fact]
    public async Task A_bot_is_created_from_the_generated_form_and_deleted_after_confirmation()
    {
        var page = await node.SignedInAsync();
        await page.Locator("[data-test=new-bot]").ClickAsync();
        var form = page.GetByRole(AriaRole.Dialog, new() { Name = "New bot" });
        // The Enabled field comes from /Api/Type/BotConfig (System.Boolean → a checkbox), unchecked as /Api/Structure/BotConfig says.
        var enabled = form.Locator("input[name=Enabled][type=checkbox]");
        await Expect(enabled).Not.ToBeCheckedAsync();
        await form.GetByLabel("Bot name").FillAsync("gamma");
        await enabled.CheckAsync();
        await form.GetByLabel("Other settings (JSON)").FillAsync("{ not json");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("JSON");
        Assert.False(File.Exists(Path.Combine(node.BotsDirectory, "gamma.json")));

        await form.GetByLabel("Other settings (JSON)").FillAsync("""{ "Note": "made in the browser" }""");
        await Screenshots.TakeAsync(page, "bots-new");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var gamma = page.Locator("tr[data-bot=gamma]");
        await Expect(gamma.Locator("[data-test=state]")).ToHaveTextAsync("Running");
        var saved = await File.ReadAllTextAsync(Path.Combine(node.BotsDirectory, "gamma.json"));
        Assert.Contains("made in the browser", saved, StringComparison.Ordinal);

        await gamma.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete gamma?" });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(confirm).ToHaveCountAsync(0);
        await Expect(gamma).ToBeVisibleAsync();

        await gamma.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(gamma).ToHaveCountAsync(0);
        Assert.False(File.Exists(Path.Combine(node.BotsDirectory, "gamma.json")));
    }

    [Fact]
    public async Task A_command_streams_its_coloured_output_and_the_arrows_walk_the_history()
    {
        var page = await node.SignedInAsync("console");
        var input = page.Locator("[data-test=console-input]");
        await input.FillAsync("countdown 5 300");
        await input.PressAsync("Enter");
        var run = page.Locator(".run[data-command='countdown 5 300']");
        // Streamed: the first lines are on the page while the command still runs (it takes 1.5 s in all).
        await Expect(run.Locator("pre.text")).ToContainTextAsync("5...");
        await Expect(run).ToHaveClassAsync(new Regex(@"\brunning\b"));
        await Expect(run).ToHaveAttributeAsync("data-result", "CR_OK");
        await Expect(run.Locator("pre.text")).ToHaveTextAsync("5...\n4...\n3...\n2...\n1...\nLiftoff!\n");
        // DFHack's colours: LightCyan (11) above 3, LightRed (12) from 3 down, LightGreen (10) for the end.
        await Expect(run.Locator("span.c11")).ToHaveCountAsync(2);
        await Expect(run.Locator("span.c12")).ToHaveCountAsync(3);
        await Expect(run.Locator("span.c10")).ToHaveTextAsync("Liftoff!\n");

        await input.FillAsync("nosuchcommand");
        await input.PressAsync("Enter");
        var unknown = page.Locator(".run[data-command='nosuchcommand']");
        await Expect(unknown).ToHaveAttributeAsync("data-result", "CR_NOT_IMPLEMENTED");
        await Expect(unknown).ToContainTextAsync("nosuchcommand is not a recognized command.");
        await Screenshots.TakeAsync(page, "console");

        await input.PressAsync("ArrowUp");
        await Expect(input).ToHaveValueAsync("nosuchcommand");
        await input.PressAsync("ArrowUp");
        await Expect(input).ToHaveValueAsync("countdown 5 300");
        await input.PressAsync("ArrowDown");
        await input.PressAsync("ArrowDown");
        await Expect(input).ToHaveValueAsync(string.Empty);
    }

    [Fact]
    public async Task A_method_is_called_with_json_input_and_shows_its_output_and_result_code()
    {
        var page = await node.SignedInAsync("methods");
        await page.Locator("[data-method='sample::echo']").ClickAsync();
        var input = page.Locator("[data-test=method-input]");
        // Prefilled from /Api/Structure/dfproto.StringMessage.
        await Expect(input).ToHaveValueAsync(new Regex("\"value\": \"\""));
        await input.FillAsync("""{ "value": "hello from the browser" }""");
        await page.Locator("[data-test=call]").ClickAsync();
        await Expect(page.Locator("[data-test=result-code]")).ToHaveTextAsync("CR_OK");
        await Expect(page.Locator("[data-test=method-output]")).ToContainTextAsync("\"value\": \"hello from the browser\"");
        await Screenshots.TakeAsync(page, "methods");

        await input.FillAsync("{ \"value\": ");
        await page.Locator("[data-test=call]").ClickAsync();
        await Expect(page.Locator("[data-test=method-result]")).ToContainTextAsync("The input is not JSON");

        await page.Locator("[data-method='sample::fail']").ClickAsync();
        // Wait for the prefill (it would overwrite what is typed before it arrives).
        await Expect(input).ToHaveValueAsync(new Regex("\"value\": \"\""));
        await input.FillAsync("""{ "value": "broken on purpose" }""");
        await page.Locator("[data-test=call]").ClickAsync();
        await Expect(page.Locator("[data-test=result-code]")).ToHaveTextAsync("CR_FAILURE");
        await Expect(page.Locator("[data-test=method-result]")).ToContainTextAsync("HTTP 500");
        await Expect(page.Locator("[data-test=method-result]")).ToContainTextAsync("broken on purpose");
    }

    [Fact]
    public async Task The_cluster_page_shows_the_node_what_it_hosts_and_its_commands_per_second()
    {
        var page = await node.SignedInAsync("cluster");
        var member = page.Locator("article.member[data-node=console-node]");
        await Expect(member).ToContainTextAsync("this node");
        await Expect(member).ToContainTextAsync("alpha");
        await Expect(member).ToContainTextAsync("sample");

        // Commands from elsewhere until the chart shows a rate above zero (the rate is sampled once a second).
        using var client = Api();
        using var load = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                await client.GetAsync("Api/Command/version", load.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        });
        try
        {
            await Expect(member.Locator("[data-test=rate]")).ToHaveTextAsync(new Regex(@"^[1-9][0-9]*\.[0-9]$|^0\.[1-9]$"));
            // A few seconds of line on the chart (one sample a second), then the picture.
            await Expect(page.Locator("[data-test=chart] polyline[data-node=console-node]")).ToHaveAttributeAsync("data-samples", new Regex("^([4-9]|[1-9][0-9])$"));
            await Screenshots.TakeAsync(page, "cluster");
        }
        finally
        {
            await load.CancelAsync();
            await sending;
        }
    }

    [Fact]
    public async Task The_log_streams_live_lines_and_filters_them_by_level()
    {
        var page = await node.SignedInAsync("log");
        var lines = page.Locator("[data-test=log-lines] .line");
        // The history comes first: the node's start-up lines.
        await Expect(lines.Filter(new() { HasText = "IPC server ready" })).ToBeVisibleAsync();

        // A live line: a bot file written now is picked up and logged.
        node.WriteBot("delta", enabled: false);
        await Expect(lines.Filter(new() { HasText = "delta" }).First).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "log");

        await page.Locator("[data-test=log-level]").SelectOptionAsync("ERROR");
        await Expect(lines.Filter(new() { HasText = "IPC server ready" })).ToBeHiddenAsync();
        await page.Locator("[data-test=log-level]").SelectOptionAsync("DEBUG");
        await Expect(lines.Filter(new() { HasText = "IPC server ready" })).ToBeVisibleAsync();
        File.Delete(Path.Combine(node.BotsDirectory, "delta.json"));
    }

    /// <summary>An HTTP client of the same node with the password, for changes "from elsewhere".</summary>
    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = node.Url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("Authentication", ConsoleNode.Password);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
