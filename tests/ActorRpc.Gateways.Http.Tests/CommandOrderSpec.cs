using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorRpc.Actors.Bots;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>HTTP commands keep the core's rules: they wait for a suspension held by another session, and pipelined ones run in order.</summary>
public sealed class CommandOrderSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private KestrelNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await KestrelNode.StartAsync(output);
        File.WriteAllText(Path.Combine(_node.Root, "alpha.tmp"), """{"Enabled": true}""");
        File.Move(Path.Combine(_node.Root, "alpha.tmp"), Path.Combine(_node.BotsDir, "alpha.json"));
        await Eventually.True(() => StateOf("alpha") == BotState.Running, "alpha to run");
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_state_change_over_HTTP_waits_while_another_session_holds_the_core_suspended_and_a_read_does_not()
    {
        var holder = _node.Router.Suspensions.OpenSession();
        _node.Router.Suspensions.SetDepth(holder, 1);

        var pause = _node.Client.PostAsync("/Api/Command/pause%20alpha", null);
        await Eventually.True(() => _node.Router.Suspensions.Waiting == 1, "the pause to wait at the gate");
        var status = await _node.SendAsync(HttpMethod.Get, "/Api/Command/status%20alpha");

        Assert.StartsWith("<alpha> Bot alpha is running.", status.Is(HttpStatusCode.OK).Result.GetString(), StringComparison.Ordinal);
        Assert.False(pause.IsCompleted);
        _node.Router.Suspensions.SetDepth(holder, 0);
        Assert.Equal(HttpStatusCode.OK, (await pause).StatusCode);
        Assert.Equal(BotState.Paused, StateOf("alpha"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(30)]
    public async Task Pipelined_pauses_and_resumes_on_one_connection_run_in_request_order(int burst)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _node.Server.Address!.Port);
        using var stream = new NetworkStream(socket);
        var requests = Enumerable.Range(0, burst).Select(i =>
            $"GET /Api/Command/{(i % 2 == 0 ? "pause" : "resume")}%20alpha HTTP/1.1\r\nHost: 127.0.0.1:{_node.Server.Address.Port}\r\n\r\n");

        await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(requests)));

        var reader = new HttpResponseReader(stream);
        for (var i = 0; i < burst; i++)
        {
            using var reply = JsonDocument.Parse(await reader.ReadBodyAsync());
            Assert.Equal("<alpha> Done!", reply.RootElement.GetProperty("Result").GetString());
        }
        Assert.Equal(burst % 2 == 0 ? BotState.Running : BotState.Paused, StateOf("alpha"));
    }

    private BotState? StateOf(string name) =>
        _node.Router.GetBotsAsync(name).GetAwaiter().GetResult().Bots.SingleOrDefault()?.State;

    /// <summary>Reads HTTP/1.1 responses one after another off a raw stream (Content-Length or chunked bodies).</summary>
    private sealed class HttpResponseReader(Stream stream)
    {
        private readonly List<byte> _buffered = [];

        public async Task<string> ReadBodyAsync()
        {
            var head = Encoding.ASCII.GetString(await ReadUntilAsync("\r\n\r\n"u8.ToArray()));
            Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
            var headers = head.Split("\r\n").Skip(1).Select(line => line.Split(':', 2)).Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
            if (headers.TryGetValue("Content-Length", out var length))
            {
                return Encoding.UTF8.GetString(await ReadExactlyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)));
            }
            var body = new List<byte>();
            while (true)
            {
                var size = Convert.ToInt32(Encoding.ASCII.GetString(await ReadUntilAsync("\r\n"u8.ToArray())).Trim(), 16);
                body.AddRange(await ReadExactlyAsync(size));
                await ReadExactlyAsync(2);
                if (size == 0)
                {
                    return Encoding.UTF8.GetString([.. body]);
                }
            }
        }

        private async Task<byte[]> ReadUntilAsync(byte[] end)
        {
            while (true)
            {
                var at = IndexOf(end);
                if (at >= 0)
                {
                    var found = _buffered.GetRange(0, at).ToArray();
                    _buffered.RemoveRange(0, at + end.Length);
                    return found;
                }
                await FillAsync();
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count)
        {
            while (_buffered.Count < count)
            {
                await FillAsync();
            }
            var taken = _buffered.GetRange(0, count).ToArray();
            _buffered.RemoveRange(0, count);
            return taken;
        }

        private async Task FillAsync()
        {
            var chunk = new byte[4096];
            var read = await stream.ReadAsync(chunk).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(read > 0, "the node closed the connection");
            _buffered.AddRange(chunk.AsSpan(0, read));
        }

        private int IndexOf(byte[] end)
        {
            for (var i = 0; i + end.Length <= _buffered.Count; i++)
            {
                if (_buffered.Skip(i).Take(end.Length).SequenceEqual(end))
                {
                    return i;
                }
            }
            return -1;
        }
    }
}
