using System.Net;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>
/// A node without a password serves no web page of another origin (no CORS, 403 for what browsers send for such pages), and
/// every node refuses a <c>Host</c> it does not answer to (DNS rebinding) with 400.
/// </summary>
public sealed class BrowserSecuritySpec(ITestOutputHelper output)
{
    /// <summary>What a browser adds to requests that a page of another origin makes (TestServer's requests come to http://localhost).</summary>
    public static TheoryData<string, string> ForeignBrowserHeaders => new()
    {
        { "Origin", "https://evil.example" },
        { "Origin", "http://localhost:8080" },
        { "Origin", "https://localhost" },
        { "Origin", "null" },
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
    };

    [Theory]
    [MemberData(nameof(ForeignBrowserHeaders))]
    public async Task Without_a_password_a_bot_cannot_be_created_for_a_page_of_another_origin(string header, string value)
    {
        await using var host = await GatewayTestHost.StartAsync();

        var reply = (await host.SendAsync(HttpMethod.Post, "/Api/Bot/evil", """{"BotConfig":{"Enabled":true}}""", headers: new Dictionary<string, string> { [header] = value }))
            .Is(HttpStatusCode.Forbidden);

        Assert.Contains("no IPC password", reply.Message);
        Assert.Null(reply.Header("Access-Control-Allow-Origin"));
        Assert.False(File.Exists(Path.Combine(host.BotsDir, "evil.json")));
        Assert.Empty((await host.GetAsync("/Api/Bot/evil")).Is(HttpStatusCode.OK).Result.EnumerateObject());
    }

    [Theory]
    [MemberData(nameof(ForeignBrowserHeaders))]
    public async Task Without_a_password_commands_reads_and_the_log_socket_are_refused_for_a_page_of_another_origin(string header, string value)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var headers = new Dictionary<string, string> { [header] = value };

        (await host.SendAsync(HttpMethod.Get, "/Api/Command/version", headers: headers)).Is(HttpStatusCode.Forbidden);
        (await host.SendAsync(HttpMethod.Post, "/Api/Command", """{"Command":"version"}""", contentType: "text/plain", headers: headers)).Is(HttpStatusCode.Forbidden);
        (await host.SendAsync(HttpMethod.Get, "/Api/Bot/ASF", headers: headers)).Is(HttpStatusCode.Forbidden);
        (await host.SendAsync(HttpMethod.Get, "/Api/Log", headers: new Dictionary<string, string>(headers)
        {
            ["Connection"] = "Upgrade",
            ["Upgrade"] = "websocket",
            ["Sec-WebSocket-Version"] = "13",
            ["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ==",
        })).Is(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_a_password_a_preflight_from_another_origin_is_refused_and_carries_no_CORS_headers()
    {
        await using var host = await GatewayTestHost.StartAsync();

        var reply = (await host.SendAsync(HttpMethod.Options, "/Api/Bot/evil", headers: new Dictionary<string, string>
        {
            ["Origin"] = "https://evil.example",
            ["Access-Control-Request-Method"] = "POST",
            ["Access-Control-Request-Headers"] = "content-type",
        })).Is(HttpStatusCode.Forbidden);

        Assert.Null(reply.Header("Access-Control-Allow-Origin"));
        Assert.Null(reply.Header("Access-Control-Allow-Methods"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Origin", "http://localhost")]
    [InlineData("Origin", "HTTP://LOCALHOST:80")]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("Sec-Fetch-Site", "none")]
    public async Task Without_a_password_the_nodes_own_pages_and_clients_without_Origin_are_served_without_CORS_headers(string? header, string? value)
    {
        await using var host = await GatewayTestHost.StartAsync();
        var headers = header is null ? null : new Dictionary<string, string> { [header] = value! };

        var reply = (await host.SendAsync(HttpMethod.Post, "/Api/Command", """{"Command":"version"}""", headers: headers)).Is(HttpStatusCode.OK);

        Assert.Null(reply.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task With_a_password_a_page_of_another_origin_that_sends_it_is_served_with_CORS()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, Password = "s3cret" });

        var reply = (await host.SendAsync(HttpMethod.Post, "/Api/Bot/gamma", """{"BotConfig":{"Enabled":false}}""", headers: new Dictionary<string, string>
        {
            ["Origin"] = "https://tools.example",
            ["Sec-Fetch-Site"] = "cross-site",
            ["Authentication"] = "s3cret",
        })).Is(HttpStatusCode.OK);

        Assert.Equal("*", reply.Header("Access-Control-Allow-Origin"));
        Assert.True(File.Exists(Path.Combine(host.BotsDir, "gamma.json")));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:80")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("localhost.evil.example")]
    [InlineData("10.1.2.3")]
    [InlineData("node2")]
    public async Task A_request_for_a_Host_the_node_does_not_answer_to_is_400_before_anything_runs(string hostHeader)
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, AllowedHosts = ["node1"] });

        var refused = (await host.SendAsync(HttpMethod.Post, "/Api/Bot/evil", """{"BotConfig":{"Enabled":true}}""", headers: new Dictionary<string, string> { ["Host"] = hostHeader }))
            .Is(HttpStatusCode.BadRequest);
        var health = (await host.SendAsync(HttpMethod.Get, "/HealthCheck", headers: new Dictionary<string, string> { ["Host"] = hostHeader })).Is(HttpStatusCode.BadRequest);

        Assert.Contains("allowed-hosts", refused.Message);
        Assert.Contains(hostHeader, health.Message);
        Assert.False(File.Exists(Path.Combine(host.BotsDir, "evil.json")));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:1242")]
    [InlineData("127.0.0.1:1242")]
    [InlineData("127.0.0.2")]
    [InlineData("[::1]:1242")]
    [InlineData("node1")]
    [InlineData("Node1:8080")]
    [InlineData("10.0.0.5")]
    public async Task Loopback_names_and_the_allowed_hosts_are_served(string hostHeader)
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, AllowedHosts = ["node1", "10.0.0.5"] });

        (await host.SendAsync(HttpMethod.Get, "/Api/ASF", headers: new Dictionary<string, string> { ["Host"] = hostHeader })).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_listening_address_and_the_address_a_request_came_to_are_served_and_a_foreign_name_is_not_on_real_Kestrel()
    {
        await using var node = await KestrelNode.StartAsync(output);
        var port = node.Server.Address!.Port;

        var rebound = await SendWithHostAsync(node, $"rebind.evil.example:{port}", "/Api/Command/status");
        var own = await SendWithHostAsync(node, $"127.0.0.1:{port}", "/Api/Command/status");

        rebound.Is(HttpStatusCode.BadRequest);
        Assert.Contains("is not a name of this server", rebound.Message);
        own.Is(HttpStatusCode.OK);
    }

    /// <summary>A GET over a real socket with <paramref name="hostHeader"/> as Host, whatever address it connects to (what a rebound name does).</summary>
    private static async Task<ApiReply> SendWithHostAsync(KestrelNode node, string hostHeader, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = hostHeader;
        var response = await node.Client.SendAsync(request);
        return new ApiReply(response, await response.Content.ReadAsStringAsync());
    }
}
