using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ActorRpc.Client;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorRpc.Cluster.Tests;

/// <summary>
/// The compose topology as local processes: nodes started from <c>hocon/compose/node.conf</c> (the file the
/// containers use), with flags for what differs on one machine (loopback addresses, ports, directories, the
/// private broker's URI). Each node gets its own bots and plugins directories under a temporary root.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>How long a node may take to start and join.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("actorrpc-cluster-").FullName;
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    /// <param name="broker">The broker.</param>
    /// <param name="uri">The URI the nodes use (a virtual host of the broker's); the broker's default one when null.</param>
    public LocalCluster(RabbitBroker broker, string? uri = null)
    {
        Broker = broker;
        Uri = uri ?? broker.AmqpUri;
    }

    public RabbitBroker Broker { get; }

    /// <summary>Starts <paramref name="nodes"/> one after another in a new virtual host of <paramref name="broker"/> (named after <paramref name="purpose"/>).</summary>
    public static async Task<LocalCluster> StartAsync(RabbitBroker broker, string purpose, params string[] nodes)
    {
        var cluster = new LocalCluster(broker, await broker.AddVirtualHostAsync($"{purpose}-{Guid.NewGuid():N}"));
        foreach (var node in nodes)
        {
            cluster.Start(node);
        }
        return cluster;
    }

    /// <summary>The URI the nodes join with.</summary>
    public string Uri { get; }

    /// <summary>A running node: its process, ports and an HTTP client on its IPC.</summary>
    internal sealed record Node(string Name, NodeProcess Process, int IpcPort, int RpcPort, HttpClient Http);

    public Node this[string name] => _nodes[name];

    /// <summary>Starts node <paramref name="name"/> and waits until it has joined and its gateways are up.</summary>
    /// <param name="name">The node's name.</param>
    /// <param name="environment">Configuration through the environment (<c>actorrpc__cluster__…</c>), besides the compose file's.</param>
    public Node Start(string name, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var ipc = FreePorts.Next();
        var rpc = FreePorts.Next();
        var home = Path.Combine(_root, name);
        var process = NodeProcess.Start(
            [
                "--config", Path.Combine(AppContext.BaseDirectory, "compose", "node.conf"),
                "--node-name", name,
                "--ipc-host", "127.0.0.1",
                "--ipc-port", ipc.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--rpc-port", rpc.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bots-dir", Path.Combine(home, "config"),
                "--plugins-dir", Path.Combine(home, "plugins"),
                "--cluster", Uri,
            ],
            // The compose file opens the RPC port to the container network; here everything stays on loopback.
            new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["actorrpc__rpc__allow-remote"] = "false", ["ACTORRPC_IPC_PASSWORD"] = null });
        process.WaitForLine("IPC server ready!", StartTimeout);
        var node = new Node(name, process, ipc, rpc, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ipc}"), Timeout = TimeSpan.FromSeconds(60) });
        _nodes[name] = node;
        return node;
    }

    /// <summary>Stops node <paramref name="name"/> gracefully (SIGTERM) and returns its exit code.</summary>
    public int Stop(string name)
    {
        var node = _nodes[name];
        _nodes.Remove(name);
        node.Process.Terminate();
        var code = node.Process.WaitForExit(TimeSpan.FromSeconds(60));
        node.Http.Dispose();
        node.Process.Dispose();
        return code;
    }

    /// <summary>Kills node <paramref name="name"/> with SIGKILL.</summary>
    public void Kill(string name)
    {
        var node = _nodes[name];
        _nodes.Remove(name);
        node.Process.Kill();
        node.Http.Dispose();
        node.Process.Dispose();
    }

    /// <summary>Freezes node <paramref name="name"/> (SIGSTOP): it keeps its sockets but runs nothing until <see cref="Thaw"/>.</summary>
    public void Freeze(string name) => _nodes[name].Process.Freeze();

    /// <summary>Lets a frozen node run again (SIGCONT).</summary>
    public void Thaw(string name) => _nodes[name].Process.Thaw();

    /// <summary>Runs a command line over node <paramref name="name"/>'s HTTP API; returns the reply text (or the failure message).</summary>
    public async Task<(HttpStatusCode Status, string Text)> CommandAsync(string name, string commandLine)
    {
        using var response = await _nodes[name].Http.PostAsJsonAsync("/Api/Command", new { Command = commandLine });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var text = body.RootElement.TryGetProperty("Result", out var result) && result.ValueKind == JsonValueKind.String ? result.GetString()! : body.RootElement.GetProperty("Message").GetString()!;
        return (response.StatusCode, text);
    }

    /// <summary>Creates a bot through node <paramref name="name"/>'s HTTP API.</summary>
    public async Task CreateBotAsync(string name, string bot, bool enabled = false)
    {
        using var response = await _nodes[name].Http.PostAsJsonAsync($"/Api/Bot/{bot}", new { BotConfig = new { Enabled = enabled } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The members as node <paramref name="name"/> sees them (<c>GET /Api/ASF</c>).</summary>
    public async Task<IReadOnlyList<Member>> MembersAsync(string name)
    {
        using var body = JsonDocument.Parse(await _nodes[name].Http.GetStringAsync("/Api/ASF"));
        return [.. body.RootElement.GetProperty("Result").GetProperty("Members").EnumerateArray().Select(m => new Member(
            m.GetProperty("NodeName").GetString()!,
            [.. m.GetProperty("BotNames").EnumerateArray().Select(b => b.GetString()!)],
            m.GetProperty("Shards").GetArrayLength()))];
    }

    /// <summary>A member: its name, bots and how many shards it holds.</summary>
    internal sealed record Member(string Name, IReadOnlyList<string> Bots, int Shards);

    /// <summary>The node that hosts <paramref name="bot"/>, once one does (as node <paramref name="asking"/> sees it).</summary>
    public async Task<string> HostOfAsync(string asking, string bot)
    {
        string? host = null;
        await Eventually.HoldsAsync(async () =>
        {
            host = (await MembersAsync(asking)).SingleOrDefault(m => m.Bots.Contains(bot))?.Name;
            return host is not null;
        }, TimeSpan.FromSeconds(30), $"a node hosting {bot}");
        return host!;
    }

    /// <summary>Creates bots (through n1) until <paramref name="count"/> of them live on <paramref name="node"/>, and returns those.</summary>
    public async Task<List<string>> BotsOnAsync(string node, int count)
    {
        await Eventually.HoldsAsync(async () =>
        {
            var members = await MembersAsync("n1");
            return members.Count == _nodes.Count && members.Sum(m => m.Shards) == 64;
        }, TimeSpan.FromSeconds(30), "the shards to settle");
        var chosen = new List<string>();
        for (var i = 0; chosen.Count < count && i < 200; i++)
        {
            var bot = $"{node}bot{i:D3}";
            await CreateBotAsync("n1", bot);
            if (await HostOfAsync("n1", bot) == node)
            {
                chosen.Add(bot);
            }
        }
        Assert.Equal(count, chosen.Count);
        return chosen;
    }

    /// <summary>Node <paramref name="name"/>'s <c>GET /HealthCheck</c>: its status code and message.</summary>
    public async Task<(HttpStatusCode Status, string? Message)> HealthAsync(string name)
    {
        using var response = await _nodes[name].Http.GetAsync("/HealthCheck");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("Message").GetString());
    }

    /// <summary>The ids of every "started" record in the results stream, read from its first record.</summary>
    public async Task<List<string>> StartedRecordsAsync() =>
        [.. (await RecordsAsync("actorrpc.results")).Where(r => r.GetProperty("kind").GetString() == "started").Select(r => r.GetProperty("id").GetString()!)];

    /// <summary>The lifecycle states recorded for <paramref name="bot"/> in the registry stream, in order.</summary>
    public async Task<List<string>> RecordedStatesAsync(string bot) =>
        [.. (await RecordsAsync("actorrpc.registry"))
            .Where(r => r.GetProperty("kind").GetString() == "state" && r.GetProperty("name").GetString() == bot)
            .Select(r => r.GetProperty("state").ToString())];

    /// <summary>Every record of stream <paramref name="stream"/>, from its first, as JSON.</summary>
    private async Task<List<JsonElement>> RecordsAsync(string stream)
    {
        var factory = new ConnectionFactory { Uri = new Uri(Uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicQosAsync(0, 1000, false);
        var records = new List<JsonElement>();
        var marker = Guid.NewGuid().ToString("N");
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var record = JsonDocument.Parse(delivery.Body).RootElement.Clone();
            if (record.GetProperty("kind").GetString() == "marker")
            {
                if (record.TryGetProperty("id", out var id) && id.GetString() == marker)
                {
                    done.TrySetResult();
                }
            }
            else
            {
                records.Add(record);
            }
            await channel.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await channel.BasicConsumeAsync(stream, false, string.Empty, false, false,
            new Dictionary<string, object?> { ["x-stream-offset"] = "first" }, consumer);
        await channel.BasicPublishAsync(string.Empty, stream, System.Text.Encoding.UTF8.GetBytes($$"""{"kind":"marker","id":"{{marker}}"}"""));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return records;
    }

    /// <summary>A TCP client connected to node <paramref name="name"/>.</summary>
    public Task<RemoteClient> ConnectAsync(string name) => RemoteClient.ConnectAsync("127.0.0.1", _nodes[name].RpcPort);

    public IEnumerable<string> Names => _nodes.Keys;

    /// <summary>Everything a node printed, for failure messages.</summary>
    public string OutputOf(string name) => _nodes.TryGetValue(name, out var node) ? node.Process.Output : "(not running)";

    /// <summary>The last <paramref name="lines"/> lines of every node's output, for failure messages.</summary>
    public string Logs(int lines = 60) => string.Join(Environment.NewLine, _nodes.Keys.Select(name =>
        $"--- {name}:{Environment.NewLine}{string.Join(Environment.NewLine, OutputOf(name).Split(Environment.NewLine).TakeLast(lines))}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _nodes.Keys.ToList())
        {
            Stop(name);
        }
        await Task.CompletedTask;
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a node that is going away: the temp folder is cleaned later.
        }
    }

}

/// <summary>Waits for a condition by polling it (never a fixed sleep).</summary>
internal static class Eventually
{
    /// <param name="condition">What must come to hold.</param>
    /// <param name="timeout">How long it may take.</param>
    /// <param name="what">What is waited for, for the failure message.</param>
    /// <param name="details">More for the failure message (the nodes' logs, say), made only on failure.</param>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? details = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.{(details is null ? "" : Environment.NewLine + details())}");
            }
            await Task.Delay(50);
        }
    }
}
