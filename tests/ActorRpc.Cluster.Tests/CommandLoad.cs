using System.Diagnostics;
using ActorRpc.Client;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Cluster.Tests;

/// <summary>
/// One sequential loop per bot over one TCP connection, alternating pause and resume (commands that change the
/// bot, so each is recorded and deduplicated), keeping every answer with when it was sent and how long it took.
/// </summary>
internal sealed class CommandLoad : IAsyncDisposable
{
    private readonly RemoteClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly List<Answer> _answers = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _sent;

    private CommandLoad(RemoteClient client) => _client = client;

    /// <summary>One answer: the bot, the command, its result, when it was sent (since the load began) and how long it took.</summary>
    internal sealed record Answer(string Bot, string Command, CommandResultCode Code, string Text, TimeSpan SentAt, TimeSpan Took);

    /// <summary>Time since the load began (the clock of <see cref="Answer.SentAt"/>).</summary>
    public TimeSpan Now => _clock.Elapsed;

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

    /// <summary>Every answer so far.</summary>
    public IReadOnlyList<Answer> Answers
    {
        get
        {
            lock (_answers)
            {
                return [.. _answers];
            }
        }
    }

    /// <summary>Starts every bot, then a loop per bot, over one connection to node <paramref name="via"/>.</summary>
    public static async Task<CommandLoad> StartAsync(LocalCluster cluster, string via, IReadOnlyList<string> bots)
    {
        var load = new CommandLoad(await cluster.ConnectAsync(via));
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
            var command = i % 2 == 0 ? "pause" : "resume";
            var sentAt = _clock.Elapsed;
            var answer = await _client.RunCommandAsync(command, bot);
            lock (_answers)
            {
                _answers.Add(new Answer(bot, command, answer.Code, answer.Text, sentAt, _clock.Elapsed - sentAt));
            }
        }
    }

    public Task WaitForAnswersAsync(int count) =>
        Eventually.HoldsAsync(() => Task.FromResult(Answered >= count), TimeSpan.FromSeconds(90), $"{count} answers");

    /// <summary>Waits until <paramref name="count"/> answers after the first <paramref name="after"/> succeeded.</summary>
    public Task WaitForSuccessesAfterAsync(int after, int count) =>
        WaitForSuccessesAsync(a => a.Skip(after), count, $"{count} successes after answer {after}");

    /// <summary>Waits until every bot in <paramref name="bots"/> has had <paramref name="count"/> successes sent after <paramref name="since"/>.</summary>
    public Task WaitForSuccessesOfEachAsync(IEnumerable<string> bots, TimeSpan since, int count) =>
        Eventually.HoldsAsync(() =>
        {
            var answers = Answers;
            return Task.FromResult(bots.All(bot => answers.Count(a => a.Bot == bot && a.SentAt >= since && a.Code == CommandResultCode.Ok) >= count));
        }, TimeSpan.FromSeconds(90), $"{count} successes for each bot after {since.TotalSeconds:0.0} s");

    private Task WaitForSuccessesAsync(Func<IEnumerable<Answer>, IEnumerable<Answer>> which, int count, string what) =>
        Eventually.HoldsAsync(() => Task.FromResult(which(Answers).Count(a => a.Code == CommandResultCode.Ok) >= count), TimeSpan.FromSeconds(90), what);

    /// <summary>Stops the loops (each finishes its request in flight) and returns what was sent, and every answer.</summary>
    public async Task<(int Sent, IReadOnlyList<Answer> Answers)> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        return (_sent, Answers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ContinueWith(_ => { }, TaskScheduler.Default);
        await _client.DisposeAsync();
        _stop.Dispose();
    }
}
