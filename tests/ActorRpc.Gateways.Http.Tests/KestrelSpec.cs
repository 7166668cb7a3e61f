using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>The gateway on real Kestrel, wired as the node wires it: start-up lines, the WebSocket log, and a bot's life end to end.</summary>
public sealed class KestrelSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private KestrelNode _node = null!;

    public async Task InitializeAsync() => _node = await KestrelNode.StartAsync(output);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task The_server_logs_starting_then_ready_and_listens_on_127_0_0_1()
    {
        var lines = _node.History.Lines;
        var starting = lines.ToList().FindIndex(l => l.EndsWith("|Starting IPC server on http://127.0.0.1:0/...", StringComparison.Ordinal));
        var ready = lines.ToList().FindIndex(l => l.EndsWith("|IPC server ready!", StringComparison.Ordinal));

        Assert.True(starting >= 0, "no 'Starting IPC server' line in:\n" + string.Join('\n', lines));
        Assert.True(ready > starting, "no 'IPC server ready!' after it");
        Assert.Equal("127.0.0.1", _node.Server.Address!.Host);
        Assert.NotEqual(0, _node.Server.Address.Port);
        (await _node.SendAsync(HttpMethod.Get, "/HealthCheck")).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_plain_GET_of_the_log_is_400()
    {
        var reply = (await _node.SendAsync(HttpMethod.Get, "/Api/Log")).Is(HttpStatusCode.BadRequest);

        Assert.Contains("WebSocket", reply.Message);
    }

    [Theory]
    [InlineData("/Api/NLog")]
    [InlineData("/Api/Log")]
    public async Task The_log_WebSocket_sends_the_history_first_then_each_new_line_as_one_frame(string path)
    {
        var before = $"before connecting {Guid.NewGuid():N}";
        _node.Log.LogInformation("{Text}", before);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(_node.WebSocketUri(path), CancellationToken.None);

        var history = await ReceiveUntilAsync(socket, line => line.EndsWith(before, StringComparison.Ordinal));
        Assert.Contains(history, f => f.Line.EndsWith("|IPC server ready!", StringComparison.Ordinal));
        var after = $"after connecting {Guid.NewGuid():N}";
        _node.Log.LogWarning("{Text}", after);
        var live = await ReceiveUntilAsync(socket, line => line.EndsWith(after, StringComparison.Ordinal));

        var frame = live[^1];
        Assert.StartsWith("{\"Result\":\"", frame.Raw);
        Assert.EndsWith("\",\"Message\":\"OK\",\"Success\":true}", frame.Raw);
        Assert.Contains("|WARN|ActorRpc.Tests|" + after, frame.Line);
        // ASF's five fields, as ASF-ui splits them: date|process-pid|LEVEL|logger|message.
        var fields = frame.Line.Split('|', 5);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", fields[0]);
        Assert.Equal($"ActorRpc-{Environment.ProcessId}", fields[1]);
        Assert.Equal(["WARN", "ActorRpc.Tests", after], fields[2..]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Every_log_client_gets_every_line_and_a_closed_one_stops_receiving()
    {
        using var first = new ClientWebSocket();
        using var second = new ClientWebSocket();
        await first.ConnectAsync(_node.WebSocketUri("/Api/Log"), CancellationToken.None);
        await second.ConnectAsync(_node.WebSocketUri("/Api/Log"), CancellationToken.None);
        var marker = $"to both {Guid.NewGuid():N}";

        _node.Log.LogInformation("{Text}", marker);

        await ReceiveUntilAsync(first, line => line.EndsWith(marker, StringComparison.Ordinal));
        await ReceiveUntilAsync(second, line => line.EndsWith(marker, StringComparison.Ordinal));
        Assert.Equal(2, _node.History.SubscriberCount);
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await Eventually.True(() => _node.History.SubscriberCount == 1, "the closed session to unsubscribe");
        var later = $"to the second only {Guid.NewGuid():N}";
        _node.Log.LogInformation("{Text}", later);
        await ReceiveUntilAsync(second, line => line.EndsWith(later, StringComparison.Ordinal));
        Assert.Equal(WebSocketState.Closed, first.State);
    }

    [Fact]
    public async Task A_client_that_vanishes_without_closing_ends_its_session()
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(_node.WebSocketUri("/Api/Log"), CancellationToken.None);
        await Eventually.True(() => _node.History.SubscriberCount == 1, "the session to subscribe");

        socket.Abort();
        socket.Dispose();

        await Eventually.True(() => _node.History.SubscriberCount == 0, "the aborted session to unsubscribe");
    }

    [Fact]
    public async Task Stopping_the_server_closes_the_log_WebSocket_as_going_away()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(_node.WebSocketUri("/Api/Log"), CancellationToken.None);
        await ReceiveUntilAsync(socket, line => line.EndsWith("|IPC server ready!", StringComparison.Ordinal));

        var stopping = _node.Server.StopAsync(CancellationToken.None);
        var buffer = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Eventually.DefaultLimit);
        }
        while (result.MessageType != WebSocketMessageType.Close);
        await stopping.WaitAsync(Eventually.DefaultLimit);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, result.CloseStatus);
    }

    [Fact]
    public async Task A_bot_is_created_started_commanded_paused_resumed_and_deleted_over_HTTP()
    {
        var created = (await _node.SendAsync(HttpMethod.Post, "/Api/Bot/alpha", """{"BotConfig": {"Enabled": false, "HeartbeatMessage": "e2e"}}""")).Is(HttpStatusCode.OK);
        Assert.Equal("Bot created.", created.Result.GetString());
        Assert.True(File.Exists(Path.Combine(_node.BotsDir, "alpha.json")));

        Assert.Equal("<alpha> Done!", (await _node.SendAsync(HttpMethod.Post, "/Api/Bot/alpha/Start")).Is(HttpStatusCode.OK).Result.GetString());
        await Eventually.True(
            async () => (await _node.SendAsync(HttpMethod.Get, "/Api/Command/status+alpha")).Is(HttpStatusCode.OK).Result.GetString()!
                .Contains("<alpha> Bot alpha is running. heartbeat: ", StringComparison.Ordinal),
            "the status command to show the running bot and its heartbeat");
        var status = (await _node.SendAsync(HttpMethod.Get, "/Api/Command/status+alpha")).Is(HttpStatusCode.OK).Result.GetString()!;
        Assert.Contains("(e2e)", status);
        Assert.EndsWith("<node1> There are 1/1 bots running", status);

        (await _node.SendAsync(HttpMethod.Post, "/Api/Bot/alpha/Pause", """{"ResumeInSeconds": 3600}""")).Is(HttpStatusCode.OK);
        Assert.Equal("Paused", (await BotAsync("alpha")).GetProperty("State").GetString());
        (await _node.SendAsync(HttpMethod.Post, "/Api/Bot/alpha/Resume")).Is(HttpStatusCode.OK);
        Assert.Equal("Running", (await BotAsync("alpha")).GetProperty("State").GetString());

        (await _node.SendAsync(HttpMethod.Delete, "/Api/Bot/alpha")).Is(HttpStatusCode.OK);
        Assert.False(File.Exists(Path.Combine(_node.BotsDir, "alpha.json")));
        Assert.Empty((await _node.SendAsync(HttpMethod.Get, "/Api/Bot/alpha")).Is(HttpStatusCode.OK).Result.EnumerateObject());
    }

    [Fact]
    public async Task On_Kestrel_an_encoded_plus_stays_a_plus_while_a_literal_plus_is_a_space()
    {
        var encoded = (await _node.SendAsync(HttpMethod.Get, "/Api/Command/status+a%2Bb")).Is(HttpStatusCode.BadRequest);

        Assert.Equal("<node1> Couldn't find any bot named a+b!", encoded.Message);
    }

    [Fact]
    public async Task On_Kestrel_a_body_over_the_limit_is_413()
    {
        await using var node = await KestrelNode.StartAsync(output, new HttpGatewayOptions { Port = 0, OwnerId = 1, MaxBodySize = 100 });

        var reply = (await node.SendAsync(HttpMethod.Post, "/Api/Command", "{\"Command\":\"" + new string('x', 500) + "\"}")).Is(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("100 bytes", reply.Message);
    }

    [Fact]
    public async Task The_password_in_the_query_string_never_reaches_the_log()
    {
        await using var node = await KestrelNode.StartAsync(output, new HttpGatewayOptions { Port = 0, OwnerId = 1, Password = "hunter2-in-the-url" });

        (await node.SendAsync(HttpMethod.Get, "/Api/Command/status?password=hunter2-in-the-url")).Is(HttpStatusCode.OK);
        (await node.SendAsync(HttpMethod.Get, "/Api/Nothing?password=hunter2-in-the-url")).Is(HttpStatusCode.NotFound);
        node.Log.LogInformation("requests done");

        Assert.Contains(node.History.Lines, l => l.EndsWith("requests done", StringComparison.Ordinal));
        Assert.DoesNotContain(node.History.Lines, l => l.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listening_on_every_interface_without_a_password_logs_it_and_still_serves_loopback_clients()
    {
        // The 403 for other clients is checked with a forged client address in StatusCodeSpec: CI machines need not have a second interface.
        await using var node = await KestrelNode.StartAsync(output, new HttpGatewayOptions { Host = "0.0.0.0", Port = 0, OwnerId = 1 });
        var port = node.Server.Address!.Port;
        using var client = new HttpClient();

        var local = await client.GetAsync($"http://127.0.0.1:{port}/Api/ASF");

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Contains(node.History.Lines, l => l.Contains("|WARN|", StringComparison.Ordinal) &&
            l.Contains("listens on 0.0.0.0 without a password: it serves only clients on loopback or a trusted network", StringComparison.Ordinal));
    }

    private async Task<JsonElement> BotAsync(string name) =>
        (await _node.SendAsync(HttpMethod.Get, $"/Api/Bot/{name}")).Is(HttpStatusCode.OK).Result.GetProperty(name);

    /// <summary>Receives frames until one's line satisfies <paramref name="last"/>; returns them all, in order.</summary>
    private static async Task<List<(string Raw, string Line)>> ReceiveUntilAsync(WebSocket socket, Func<string, bool> last)
    {
        var frames = new List<(string Raw, string Line)>();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(Eventually.DefaultLimit);
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            var raw = Encoding.UTF8.GetString(message.ToArray());
            using var json = JsonDocument.Parse(raw);
            Assert.Equal("OK", json.RootElement.GetProperty("Message").GetString());
            Assert.True(json.RootElement.GetProperty("Success").GetBoolean());
            var line = json.RootElement.GetProperty("Result").GetString()!;
            frames.Add((raw, line));
            if (last(line))
            {
                return frames;
            }
        }
    }
}
