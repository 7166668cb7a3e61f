using System.Net;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>Every row of the contract's status-code table, where the spec puts it, with the envelope on each.</summary>
public sealed class StatusCodeSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(output: output);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_completed_request_is_200_with_OK_and_Success_in_a_PascalCase_utf8_JSON_envelope()
    {
        var reply = (await _host.GetAsync("/Api/ASF")).Is(HttpStatusCode.OK);

        Assert.Equal("OK", reply.Message);
        Assert.StartsWith("{\"Message\":\"OK\",\"Result\":{", reply.Body);
        Assert.EndsWith(",\"Success\":true}", reply.Body);
    }

    [Theory]
    [InlineData("/Api/Command/%20", "The command is empty.")]
    [InlineData("/Api/Command/start+nobody", "Couldn't find any bot named nobody!")]
    [InlineData("/Api/Type/NoSuchType", "Unknown type 'NoSuchType'")]
    [InlineData("/Api/Bot/r!%5B", "Invalid regular expression")]
    public async Task A_failed_request_is_400_with_the_reason_in_Message(string url, string reason)
    {
        var reply = (await _host.GetAsync(url)).Is(HttpStatusCode.BadRequest);

        Assert.Contains(reason, reply.Message);
    }

    [Fact]
    public async Task An_unparsable_body_is_400_with_the_parser_reason()
    {
        var reply = (await _host.PostAsync("/Api/Command", "{\"Command\": ")).Is(HttpStatusCode.BadRequest);

        Assert.StartsWith("The request body is not valid JSON:", reply.Message);
    }

    [Fact]
    public async Task A_missing_password_is_401_when_one_is_set()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, Password = "secret" });

        var reply = (await host.GetAsync("/Api/ASF")).Is(HttpStatusCode.Unauthorized);

        Assert.Contains("needs the IPC password", reply.Message);
    }

    [Fact]
    public async Task A_client_off_loopback_without_a_password_configured_is_403()
    {
        var reply = (await _host.GetAsync("/Api/ASF", client: "192.0.2.7")).Is(HttpStatusCode.Forbidden);

        Assert.Contains("only clients on loopback or a trusted network", reply.Message);
    }

    [Theory]
    [InlineData("/Api/NoSuchThing")]
    [InlineData("/no/such/url")]
    [InlineData("/Api/Bot/a/b/c/d")]
    public async Task An_unknown_URL_is_404_with_a_JSON_body(string url)
    {
        var reply = (await _host.GetAsync(url)).Is(HttpStatusCode.NotFound);

        Assert.Equal($"No such URL: {url}", reply.Message);
    }

    [Theory]
    [InlineData("PUT", "/Api/Command/status", "GET, POST")]
    [InlineData("DELETE", "/Api/ASF", "GET, POST")]
    [InlineData("GET", "/Api/Command", "POST")]
    [InlineData("GET", "/Api/Bot/alpha/Start", "POST")]
    [InlineData("POST", "/Api/Plugins", "GET")]
    [InlineData("GET", "/Api/Plugins/sample/echo", "POST")]
    [InlineData("POST", "/HealthCheck", "GET")]
    public async Task A_known_URL_with_a_wrong_method_is_405_with_Allow(string method, string url, string allowed)
    {
        var reply = (await _host.SendAsync(new HttpMethod(method), url)).Is(HttpStatusCode.MethodNotAllowed);

        Assert.Equal(allowed, reply.Header("Allow"));
        Assert.Equal($"{method} is not allowed for {url}; allowed: {allowed}", reply.Message);
    }

    [Theory]
    [InlineData("/Api/Command", "{\"Command\":\"version\"}", "text/plain")]
    [InlineData("/Api/Command", "{\"Command\":\"version\"}", null)]
    [InlineData("/Api/Command", "Command=version", "application/x-www-form-urlencoded")]
    [InlineData("/Api/Bot/alpha", "{\"BotConfig\":{}}", "text/json")]
    [InlineData("/Api/Bot/alpha/Pause", "{\"Permanent\":true}", "text/plain")]
    [InlineData("/Api/Plugins/sample/echo", "{\"value\":\"x\"}", "text/plain")]
    public async Task A_JSON_endpoint_refuses_a_body_without_the_JSON_content_type_with_406(string url, string body, string? contentType)
    {
        var reply = (await _host.PostAsync(url, body, contentType)).Is(HttpStatusCode.NotAcceptable);

        Assert.Contains("application/json", reply.Message);
    }

    [Fact]
    public async Task Saving_a_bot_without_any_body_or_content_type_is_406()
    {
        (await _host.PostAsync("/Api/Bot/alpha", null)).Is(HttpStatusCode.NotAcceptable);

        Assert.False(File.Exists(Path.Combine(_host.BotsDir, "alpha.json")));
    }

    [Fact]
    public async Task JSON_with_a_charset_parameter_and_structured_JSON_types_are_accepted()
    {
        (await _host.PostAsync("/Api/Command", "{\"Command\":\"version\"}", "application/json; charset=utf-8")).Is(HttpStatusCode.OK);
        (await _host.PostAsync("/Api/Command", "{\"Command\":\"version\"}", "application/vnd.actorrpc+json")).Is(HttpStatusCode.OK);
        (await _host.PostAsync("/Api/Command", "{\"Command\":\"version\"}", "application/json; charset=utf-16")).Is(HttpStatusCode.NotAcceptable);
    }

    [Theory]
    [InlineData("GET", "/Api/Cluster")]
    [InlineData("POST", "/Api/Cluster/members")]
    [InlineData("DELETE", "/Api/WWW/index.html")]
    public async Task A_reserved_URL_is_501_whatever_the_method(string method, string url)
    {
        var reply = (await _host.SendAsync(new HttpMethod(method), url)).Is(HttpStatusCode.NotImplemented);

        Assert.Contains("is reserved for", reply.Message);
        Assert.Contains("not implemented yet", reply.Message);
    }

    [Theory]
    [InlineData("GET", "/Api/Command/version", null)]
    [InlineData("POST", "/Api/Command/version", null)]
    [InlineData("POST", "/Api/Command", "{\"Command\":\"version\"}")]
    [InlineData("POST", "/Api/Bot/alpha", "{\"BotConfig\":{\"Enabled\":false}}")]
    [InlineData("DELETE", "/Api/Bot/ASF", null)]
    [InlineData("POST", "/Api/Bot/ASF/Start", null)]
    [InlineData("POST", "/Api/Bot/ASF/Pause", null)]
    [InlineData("POST", "/Api/Plugins/sample/echo", "{\"value\":\"x\"}")]
    public async Task With_OwnerId_0_every_command_endpoint_is_503_and_runs_nothing(string method, string url, string? body)
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 0 });

        var reply = (await host.SendAsync(new HttpMethod(method), url, body)).Is(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("Command access is prohibited: no owner is configured (OwnerId is 0).", reply.Message);
        Assert.False(File.Exists(Path.Combine(host.BotsDir, "alpha.json")));
    }

    [Theory]
    [InlineData("/Api/ASF")]
    [InlineData("/Api/Bot/ASF")]
    [InlineData("/Api/Plugins")]
    [InlineData("/Api/Structure/BotConfig")]
    [InlineData("/Api/Type/BotConfig")]
    [InlineData("/Api/IPC/Bans")]
    [InlineData("/HealthCheck")]
    public async Task With_OwnerId_0_reading_endpoints_still_answer(string url)
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 0 });

        (await host.GetAsync(url)).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_body_over_MaxBodySize_is_413_and_nothing_is_written()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, MaxBodySize = 64 });
        var body = "{\"BotConfig\":{\"Enabled\":false,\"Note\":\"" + new string('x', 100) + "\"}}";

        var reply = (await host.PostAsync("/Api/Bot/alpha", body)).Is(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("The request body is larger than the 64 bytes this server accepts.", reply.Message);
        Assert.False(File.Exists(Path.Combine(host.BotsDir, "alpha.json")));
    }

    [Fact]
    public async Task A_chunked_body_over_MaxBodySize_is_413_too()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, MaxBodySize = 64 });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Api/Command")
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"Command\":\"" + new string('x', 200) + "\"}"))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await host.Client.SendAsync(request);
        var reply = new ApiReply(response, await response.Content.ReadAsStringAsync()).Is(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("64 bytes", reply.Message);
    }
}
