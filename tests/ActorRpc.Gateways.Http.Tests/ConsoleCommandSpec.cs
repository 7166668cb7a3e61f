using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActorRpc.Actors.Router;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>
/// <c>POST /Api/WWW/Command</c>, the web console's streamed command: NDJSON fragments with their DFHack colour numbers
/// in the order written, then the result line; the errors of <c>POST /Api/Command</c>; streaming over real Kestrel.
/// </summary>
public sealed class ConsoleCommandSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Url = "/Api/WWW/Command";

    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(output: output);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Body(string command) => JsonSerializer.Serialize(new { Command = command });

    /// <summary>The lines of a complete NDJSON answer (which must end with a newline).</summary>
    private static string[] Lines(ApiReply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.OK, $"Expected 200 but got {reply}");
        Assert.Equal("application/x-ndjson; charset=utf-8", reply.ContentType);
        Assert.EndsWith("\n", reply.Body);
        return reply.Body[..^1].Split('\n');
    }

    private static (string Text, int Color) Fragment(string line)
    {
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal(2, json.EnumerateObject().Count());
        return (json.GetProperty("Text").GetString()!, json.GetProperty("Color").GetInt32());
    }

    [Fact]
    public async Task Fragments_arrive_in_order_with_their_colour_numbers_then_the_result_line()
    {
        var reply = await _host.PostAsync(Url, Body("countdown 5 1"));

        var lines = Lines(reply);
        Assert.Equal(
            [
                ("5...\n", (int)TextColor.LightCyan), ("4...\n", 11), ("3...\n", (int)TextColor.LightRed), ("2...\n", 12), ("1...\n", 12),
                ("Liftoff!\n", (int)TextColor.LightGreen),
            ],
            lines[..^1].Select(Fragment));
        Assert.Equal("""{"ResultCode":"CR_OK","Code":0,"Success":true}""", lines[^1]);
        Assert.Equal("no-store", reply.Header("Cache-Control"));
        Assert.Equal("no", reply.Header("X-Accel-Buffering"));
    }

    [Fact]
    public async Task An_unknown_command_streams_its_light_red_text_and_ends_CR_NOT_IMPLEMENTED_without_success()
    {
        var lines = Lines(await _host.PostAsync(Url, Body("frobnicate now")));

        Assert.Equal(
            [
                """{"Text":"frobnicate is not a recognized command.\n","Color":12}""",
                """{"ResultCode":"CR_NOT_IMPLEMENTED","Code":-1,"Success":false}""",
            ],
            lines);
    }

    [Fact]
    public async Task Text_in_the_default_colour_is_minus_1_and_bot_prefixes_are_not_escaped()
    {
        var lines = Lines(await _host.PostAsync(Url, Body("version")));

        Assert.Equal($$"""{"Text":"<node1> ActorRpc V{{CommandRouter.Version}}\n","Color":-1}""", lines[0]);
        Assert.Equal(2, lines.Length);
    }

    [Theory]
    [InlineData("exit", """{"ResultCode":"CR_FAILURE","Code":1,"Success":false}""")]
    [InlineData("start", """{"ResultCode":"CR_WRONG_USAGE","Code":2,"Success":false}""")]
    [InlineData("countdown many", """{"ResultCode":"CR_WRONG_USAGE","Code":2,"Success":false}""")]
    public async Task A_command_that_fails_still_streams_with_200_and_ends_with_Success_false(string command, string result)
    {
        var lines = Lines(await _host.PostAsync(Url, Body(command)));

        Assert.Equal(result, lines[^1]);
        Assert.NotEmpty(Fragment(lines[0]).Text);
    }

    [Theory]
    [InlineData("{\"Command\": \"status\",}", "The request body is not valid JSON")]
    [InlineData("not json", "The request body is not valid JSON")]
    [InlineData("{}", "Property 'Command' is required")]
    [InlineData("{\"Command\": 5}", "Property 'Command' must be a string")]
    [InlineData("{\"Command\": \"   \"}", "The command is empty.")]
    [InlineData("{\"Command\": \"\"}", "The command is empty.")]
    public async Task A_bad_body_is_400_in_the_usual_envelope(string body, string reason)
    {
        var reply = (await _host.PostAsync(Url, body)).Is(HttpStatusCode.BadRequest);

        Assert.Contains(reason, reply.Message);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_JSON_is_406(string? contentType)
    {
        var reply = (await _host.PostAsync(Url, Body("version"), contentType)).Is(HttpStatusCode.NotAcceptable);

        Assert.Contains("application/json", reply.Message);
    }

    [Fact]
    public async Task A_body_over_MaxBodySize_is_413()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, MaxBodySize = 64 });

        (await host.PostAsync(Url, Body("status " + new string('x', 100)))).Is(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task With_OwnerId_0_it_is_503_and_runs_nothing()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 0 });

        var reply = (await host.PostAsync(Url, Body("version"))).Is(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("Command access is prohibited: no owner is configured (OwnerId is 0).", reply.Message);
        Assert.Equal(0, host.Router.CommandsRun);
    }

    [Fact]
    public async Task With_a_password_set_it_is_401_without_it_and_streams_with_it()
    {
        await using var host = await GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, Password = "s3cret" });

        (await host.PostAsync(Url, Body("version"))).Is(HttpStatusCode.Unauthorized);
        Assert.Equal(0, host.Router.CommandsRun);
        Assert.Equal(2, Lines(await host.PostAsync(Url + "?password=s3cret", Body("version"))).Length);
    }

    [Theory]
    [InlineData("GET", "/Api/WWW/index.html")]
    [InlineData("POST", "/Api/WWW/other")]
    [InlineData("POST", "/Api/WWW/Command/more")]
    public async Task Other_WWW_URLs_stay_reserved(string method, string url)
    {
        var reply = (await _host.SendAsync(new HttpMethod(method), url, Body("version"))).Is(HttpStatusCode.NotImplemented);

        Assert.Equal("/Api/WWW is reserved for the web console's other helpers; not implemented yet.", reply.Message);
    }

    [Theory]
    [InlineData("GET", "/Api/WWW/Command")]
    [InlineData("PUT", "/api/www/command/")]
    public async Task A_wrong_method_on_the_streamed_command_is_405_not_reserved(string method, string url)
    {
        var reply = (await _host.SendAsync(new HttpMethod(method), url)).Is(HttpStatusCode.MethodNotAllowed);

        Assert.Equal("POST", reply.Header("Allow"));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_streamed_command()
    {
        using var document = JsonDocument.Parse(await _host.Client.GetStringAsync("/openapi/v1.json"));

        var post = document.RootElement.GetProperty("paths").GetProperty(Url).GetProperty("post");
        Assert.Contains("NDJSON", post.GetProperty("summary").GetString());
        Assert.True(post.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/x-ndjson", out _));
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("503", out _));
    }

    [Fact]
    public async Task Over_real_Kestrel_the_first_fragment_arrives_while_the_command_is_still_running()
    {
        var hold = new HoldPlugin();
        await using var node = await KestrelNode.StartAsync(output, plugins: [hold]);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(Body("hold"), Encoding.UTF8, "application/json") };

        using var response = await node.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The command cannot end before Release: this line can only have come from a stream, not a buffered answer.
        var first = await reader.ReadLineAsync().WaitAsync(Eventually.DefaultLimit);
        hold.Release();
        var rest = await reader.ReadToEndAsync().WaitAsync(Eventually.DefaultLimit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("""{"Text":"holding\n","Color":14}""", first);
        Assert.Equal("""{"Text":"released\n","Color":10}""" + "\n" + """{"ResultCode":"CR_OK","Code":0,"Success":true}""" + "\n", rest);
        Assert.Equal(0, hold.CommandsCancelled);
    }

    [Fact]
    public async Task Over_real_Kestrel_a_client_that_goes_away_cancels_the_command()
    {
        var hold = new HoldPlugin();
        await using var node = await KestrelNode.StartAsync(output, plugins: [hold]);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(Body("hold"), Encoding.UTF8, "application/json") };
        using var response = await node.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        using (var reader = new StreamReader(stream))
        {
            Assert.Equal("""{"Text":"holding\n","Color":14}""", await reader.ReadLineAsync().WaitAsync(Eventually.DefaultLimit));
            using var leave = new CancellationTokenSource();
            var next = reader.ReadLineAsync(leave.Token).AsTask();
            // Cancelling a read closes the connection: the server sees the client gone.
            await leave.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        }

        await Eventually.True(() => hold.CommandsCancelled == 1, "the command to be cancelled");
        hold.Release();
    }
}
