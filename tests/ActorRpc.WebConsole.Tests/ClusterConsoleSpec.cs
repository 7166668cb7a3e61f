using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ActorRpc.Testing.Processes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ActorRpc.WebConsole.Tests;

/// <summary>Two nodes on a private RabbitMQ broker, and the console of one of them showing both.</summary>
public sealed class ConsoleCluster : IAsyncLifetime
{
    public const string Password = "s3cret";

    /// <summary>The bots seeded from n1's directory; the cluster spreads them over both nodes by shard.</summary>
    public static readonly string[] Bots = ["amber", "basil", "cedar", "delta", "ember", "flint", "garnet", "hazel"];

    private readonly string _root = Directory.CreateTempSubdirectory("actorrpc-console-cluster-").FullName;
    private readonly Dictionary<string, ConsoleNodeProcess> _nodes = [];
    private RabbitBroker? _broker;

    public HeadlessChromium Chromium { get; private set; } = null!;

    /// <summary>Node <paramref name="name"/>'s console URL.</summary>
    public Uri Url(string name) => _nodes[name].Url;

    public async Task InitializeAsync()
    {
        _broker = await RabbitBroker.StartAsync();
        var seeded = Directory.CreateDirectory(Path.Combine(_root, "n1", "config")).FullName;
        foreach (var bot in Bots)
        {
            await File.WriteAllTextAsync(Path.Combine(seeded, bot + ".json"), """{"Enabled": true}""");
        }
        foreach (var name in new[] { "n1", "n2" })
        {
            var home = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
            _nodes[name] = ConsoleNodeProcess.Start(name, home, Password, "1", "--cluster", _broker.AmqpUri);
        }
        Chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>An HTTP client of node <paramref name="name"/> with the password.</summary>
    public HttpClient Api(string name)
    {
        var client = new HttpClient { BaseAddress = Url(name), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("Authentication", Password);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }
        foreach (var node in _nodes.Values)
        {
            node.Dispose();
        }
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
        ConsoleNodeProcess.DeleteQuietly(_root);
    }
}

public sealed class ClusterConsoleSpec(ConsoleCluster cluster) : IClassFixture<ConsoleCluster>
{
    [Fact]
    public async Task The_console_of_one_node_shows_both_members_their_bots_and_their_commands_per_second()
    {
        var page = await cluster.Chromium.NewPageAsync();
        await HeadlessChromium.OpenSignedInAsync(page, new Uri(cluster.Url("n1"), "#cluster"), ConsoleCluster.Password);
        var n1 = page.Locator("article.member[data-node=n1]");
        var n2 = page.Locator("article.member[data-node=n2]");
        await Expect(n1).ToContainTextAsync("this node");
        // Both members hold shards once n2's join has settled (64 shards between them).
        await Expect(n2).ToContainTextAsync(new Regex(@"Shards\s*3[0-4]:"));
        await Expect(page.Locator("[data-test=chart] polyline")).ToHaveCountAsync(2);

        // Commands sent to each node show as that node's rate.
        using var load = new CancellationTokenSource();
        var senders = new[] { "n1", "n2" }.Select(name => Task.Run(async () =>
        {
            using var client = cluster.Api(name);
            while (!load.IsCancellationRequested)
            {
                await client.PostAsJsonAsync("Api/Command", new { Command = "status ASF" }, load.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        })).ToList();
        try
        {
            foreach (var member in new[] { n1, n2 })
            {
                await Expect(member.Locator("[data-test=rate]")).Not.ToHaveTextAsync(new Regex(@"^(0\.0|…)$"));
            }
            await Expect(page.Locator("[data-test=chart] polyline[data-node=n2]")).ToHaveAttributeAsync("data-samples", new Regex("^([4-9]|[1-9][0-9])$"));
            await Screenshots.TakeAsync(page, "cluster");
        }
        finally
        {
            await load.CancelAsync();
            await Task.WhenAll(senders);
        }

        // The bots table: every bot, each on the node that hosts it, both nodes among them.
        await page.GetByRole(AriaRole.Link, new() { Name = "Bots" }).ClickAsync();
        foreach (var bot in ConsoleCluster.Bots)
        {
            await Expect(page.Locator($"tr[data-bot={bot}] td.node")).ToHaveTextAsync(new Regex("^n[12]$"));
        }
        await Expect(page.Locator("td.node", new() { HasTextString = "n1" }).First).ToBeVisibleAsync();
        await Expect(page.Locator("td.node", new() { HasTextString = "n2" }).First).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "bots-cluster");
    }
}
