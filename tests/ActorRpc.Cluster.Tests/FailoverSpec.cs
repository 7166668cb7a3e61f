using System.Text;
using System.Text.Json;
using ActorRpc.Client;
using ActorRpc.PluginSdk;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorRpc.Cluster.Tests;

/// <summary>
/// Nodes leaving and dying under load. Each test has its own broker and nodes (they kill things); clients keep
/// sending state-changing commands to bots hosted on the node that goes, and every command must get exactly one
/// answer.
/// </summary>
public sealed class FailoverSpec : IAsyncLifetime
{
    private RabbitBroker _broker = null!;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _broker = await RabbitBroker.StartAsync();
        _cluster = new LocalCluster(_broker);
        _cluster.Start("n1");
        _cluster.Start("n2");
        _cluster.Start("n3");
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_graceful_leave_hands_the_bots_over_and_loses_no_command_while_a_client_keeps_sending()
    {
        var bots = await BotsOnAsync("n3", count: 4);
        await using var load = await Load.StartAsync(_cluster, "n1", bots);
        await load.WaitForAnswersAsync(40);

        Assert.Equal(0, _cluster.Stop("n3"));
        var afterLeave = load.Answered;
        await load.WaitForAnswersAsync(afterLeave + 80);
        var outcome = await load.StopAsync();

        Assert.Equal(outcome.Sent, outcome.Answered);
        Assert.Empty(outcome.Failures);
        // The members' view follows the heartbeats (one interval behind): wait for it to show the new placement.
        await Eventually.HoldsAsync(async () =>
        {
            var members = await _cluster.MembersAsync("n1");
            return members.All(m => m.Name != "n3") && bots.All(bot => members.Count(m => m.Bots.Contains(bot)) == 1);
        }, TimeSpan.FromSeconds(30), "the leaver's bots to show on one survivor each");
    }

    [Fact]
    public async Task A_node_killed_under_load_hands_its_bots_to_the_survivors_and_every_command_is_answered_once_and_run_at_most_once()
    {
        var bots = await BotsOnAsync("n3", count: 4);
        await using var load = await Load.StartAsync(_cluster, "n1", bots);
        await load.WaitForAnswersAsync(40);

        _cluster.Kill("n3");
        var afterKill = load.Answered;
        // The survivors take the bots over: commands succeed again.
        await load.WaitForSuccessesAfterAsync(afterKill, 80);
        var outcome = await load.StopAsync();

        Assert.Equal(outcome.Sent, outcome.Answered);
        // Anything that failed failed explicitly, as a link failure with a reason.
        Assert.All(outcome.Failures, f => Assert.Equal(CommandResultCode.LinkFailure, f.Code));
        // The survivors count the dead node gone after the failure timeout (the broker moved its shards at once).
        IReadOnlyList<LocalCluster.Member> members = [];
        await Eventually.HoldsAsync(async () =>
        {
            members = await _cluster.MembersAsync("n1");
            return members.Count == 2 && bots.All(bot => members.Count(m => m.Bots.Contains(bot)) == 1);
        }, TimeSpan.FromSeconds(30), "the dead node to leave the member list and its bots to live on one survivor each");
        Assert.Equal(["n1", "n2"], members.Select(m => m.Name));
        // At most once: no request id was ever started twice (an executor records "started" before it runs anything).
        var started = await StartedRecordsAsync();
        Assert.NotEmpty(started);
        Assert.All(started.GroupBy(id => id), g => Assert.Single(g));
    }

    [Fact]
    public async Task A_broker_restart_fails_cluster_calls_fast_keeps_local_work_going_and_the_nodes_reconnect_by_themselves()
    {
        var bots = await BotsOnAsync("n2", count: 2);
        await using var client = await _cluster.ConnectAsync("n1");
        Assert.Equal(CommandResultCode.Ok, (await client.RunCommandAsync("status", bots[0])).Code);

        await _broker.StopAsync();
        var down = await client.RunCommandAsync("status", bots[0]);
        var local = await client.RunCommandAsync("version");

        Assert.Equal(CommandResultCode.LinkFailure, down.Code);
        Assert.Contains("unreachable", down.Text);
        Assert.Equal(CommandResultCode.Ok, local.Code);

        await _broker.RestartAsync();
        await Eventually.HoldsAsync(async () => (await client.RunCommandAsync("status", bots[0])).Code == CommandResultCode.Ok,
            TimeSpan.FromSeconds(60), "cluster calls to work again after the broker came back");
        Assert.Equal(CommandResultCode.Ok, (await client.RunCommandAsync("pause", bots[1])).Code);
    }

    [Fact]
    public async Task Bot_configurations_and_states_survive_a_restart_of_every_node_and_of_the_broker()
    {
        await _cluster.CreateBotAsync("n1", "keeper");
        await _cluster.CreateBotAsync("n2", "sleeper");
        Assert.Equal("<keeper> Done!", (await _cluster.CommandAsync("n3", "start keeper")).Text);

        foreach (var name in _cluster.Names.ToList())
        {
            Assert.Equal(0, _cluster.Stop(name));
        }
        await _broker.StopAsync();
        await _broker.RestartAsync();
        _cluster.Start("n4");
        _cluster.Start("n5");

        var (_, text) = await _cluster.CommandAsync("n5", "status keeper,sleeper");
        Assert.Contains("<keeper> Bot keeper is running.", text);
        Assert.Contains("<sleeper> Bot sleeper is not running.", text);
    }

    /// <summary>Creates bots until <paramref name="count"/> of them live on <paramref name="node"/>, and returns those.</summary>
    private async Task<List<string>> BotsOnAsync(string node, int count)
    {
        await Eventually.HoldsAsync(async () => (await _cluster.MembersAsync("n1")).Count == _cluster.Names.Count() &&
            (await _cluster.MembersAsync("n1")).Sum(m => m.Shards) == 64, TimeSpan.FromSeconds(30), "the shards to settle");
        var chosen = new List<string>();
        for (var i = 0; chosen.Count < count && i < 200; i++)
        {
            var bot = $"{node}bot{i:D3}";
            await _cluster.CreateBotAsync("n1", bot);
            if (await _cluster.HostOfAsync("n1", bot) == node)
            {
                chosen.Add(bot);
            }
        }
        Assert.Equal(count, chosen.Count);
        return chosen;
    }

    /// <summary>The ids of every "started" record in the results stream, read from its first record.</summary>
    private async Task<List<string>> StartedRecordsAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(_broker.AmqpUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicQosAsync(0, 1000, false);
        var ids = new List<string>();
        var marker = Guid.NewGuid().ToString("N");
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            using var record = JsonDocument.Parse(delivery.Body);
            var kind = record.RootElement.GetProperty("kind").GetString();
            var id = record.RootElement.TryGetProperty("id", out var value) ? value.GetString() : null;
            if (kind == "started" && id is not null)
            {
                ids.Add(id);
            }
            else if (kind == "marker" && id == marker)
            {
                done.TrySetResult();
            }
            await channel.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await channel.BasicConsumeAsync("actorrpc.results", false, string.Empty, false, false,
            new Dictionary<string, object?> { ["x-stream-offset"] = "first" }, consumer);
        await channel.BasicPublishAsync(string.Empty, "actorrpc.results", Encoding.UTF8.GetBytes($$"""{"kind":"marker","id":"{{marker}}"}"""));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return ids;
    }

    /// <summary>
    /// One sequential loop per bot over one TCP connection, alternating pause and resume (commands that change the
    /// bot, so each is recorded and deduplicated), counting what was sent and what was answered.
    /// </summary>
    private sealed class Load : IAsyncDisposable
    {
        private readonly RemoteClient _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _loops = [];
        private readonly List<RemoteResult<ActorRpc.Messages.Dfproto.EmptyMessage>> _answers = [];
        private int _sent;

        private Load(RemoteClient client) => _client = client;

        public int Answered
        {
            get
            {
                lock (_answers)
                {
                    return _answers.Count;
                }
            }
        }

        public static async Task<Load> StartAsync(LocalCluster cluster, string via, IReadOnlyList<string> bots)
        {
            var load = new Load(await cluster.ConnectAsync(via));
            foreach (var bot in bots)
            {
                Assert.Equal(CommandResultCode.Ok, (await load._client.RunCommandAsync("start", bot)).Code);
                load._loops.Add(load.LoopAsync(bot));
            }
            return load;
        }

        private async Task LoopAsync(string bot)
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                Interlocked.Increment(ref _sent);
                var answer = await _client.RunCommandAsync(i % 2 == 0 ? "pause" : "resume", bot);
                lock (_answers)
                {
                    _answers.Add(answer);
                }
            }
        }

        public Task WaitForAnswersAsync(int count) =>
            Eventually.HoldsAsync(() => Task.FromResult(Answered >= count), TimeSpan.FromSeconds(90), $"{count} answers");

        public Task WaitForSuccessesAfterAsync(int after, int count) => Eventually.HoldsAsync(() =>
        {
            lock (_answers)
            {
                return Task.FromResult(_answers.Skip(after).Count(a => a.Code == CommandResultCode.Ok) >= count);
            }
        }, TimeSpan.FromSeconds(90), $"{count} successes after answer {after}");

        public async Task<(int Sent, int Answered, IReadOnlyList<RemoteResult<ActorRpc.Messages.Dfproto.EmptyMessage>> Failures)> StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
            lock (_answers)
            {
                return (_sent, _answers.Count, _answers.Where(a => a.Code != CommandResultCode.Ok).ToList());
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops).ContinueWith(_ => { }, TaskScheduler.Default);
            await _client.DisposeAsync();
            _stop.Dispose();
        }
    }
}
