using System.Diagnostics;
using System.Threading.Channels;

namespace ActorRpc.Benchmarks;

/// <summary>
/// The baselines: the same patterns on bare <see cref="Channel{T}"/>s and tasks, the floor any
/// channel-based mailbox is built on (default options: continuations go to the thread pool, as Akka's
/// mailbox runs do).
/// </summary>
internal static class RawChannelScenarios
{
    private static readonly UnboundedChannelOptions s_singleReader = new() { SingleReader = true };

    /// <summary>Creates the responder of the raw ask scenario.</summary>
    public static RawResponder CreateResponder() => new();

    /// <summary>Pinger loop: one ping per pong until the count is done.</summary>
    internal static async Task PingerAsync(ChannelReader<Pong> inbox, ChannelWriter<Ping> ponger, long roundTrips, PairsCompletion completion)
    {
        var remaining = roundTrips;
        ponger.TryWrite(Ping.Instance);
        while (await inbox.WaitToReadAsync().ConfigureAwait(false))
        {
            while (inbox.TryRead(out _))
            {
                if (--remaining > 0)
                {
                    ponger.TryWrite(Ping.Instance);
                }
                else
                {
                    completion.PairDone();
                    return;
                }
            }
        }
    }

    /// <summary>Ponger loop: a pong per ping, until its inbox is completed.</summary>
    internal static async Task PongerAsync(ChannelReader<Ping> inbox, ChannelWriter<Pong> pinger)
    {
        while (await inbox.WaitToReadAsync().ConfigureAwait(false))
        {
            while (inbox.TryRead(out _))
            {
                pinger.TryWrite(Pong.Instance);
            }
        }
    }

    internal static Channel<T> NewInbox<T>() => Channel.CreateUnbounded<T>(s_singleReader);
}

/// <summary>N pinger/ponger task pairs over channels, made fresh for each run (as cheap as Akka's start message).</summary>
internal sealed class RawPairs(int pairs) : IPairsRunner
{
    public int Pairs => pairs;

    public async Task RunAsync(long roundTripsPerPair, TimeSpan timeout)
    {
        var completion = new PairsCompletion(pairs);
        var pingInboxes = new Channel<Ping>[pairs];
        var tasks = new Task[pairs * 2];
        for (var i = 0; i < pairs; i++)
        {
            var pingInbox = RawChannelScenarios.NewInbox<Ping>();
            var pongInbox = RawChannelScenarios.NewInbox<Pong>();
            pingInboxes[i] = pingInbox;
            tasks[2 * i] = Task.Run(() => RawChannelScenarios.PongerAsync(pingInbox.Reader, pongInbox.Writer));
            tasks[(2 * i) + 1] = Task.Run(() => RawChannelScenarios.PingerAsync(pongInbox.Reader, pingInbox.Writer, roundTripsPerPair, completion));
        }
        await completion.WaitAsync($"raw ping-pong ({pairs} pairs)", pairs, timeout).ConfigureAwait(false);
        foreach (var inbox in pingInboxes)
        {
            inbox.Writer.TryComplete();
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}

/// <summary>A task answering (request, promise) pairs from one channel: the bare shape of an ask.</summary>
internal sealed class RawResponder : IAsyncDisposable
{
    private readonly Channel<RawRequest> _inbox = RawChannelScenarios.NewInbox<RawRequest>();

    private readonly Task _loop;

    public RawResponder() => _loop = Task.Run(RespondAsync);

    /// <summary>Sequential requests; each call's duration (Stopwatch ticks) goes to <paramref name="samples"/>.</summary>
    public async Task AskAsync(long[] samples)
    {
        var writer = _inbox.Writer;
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var promise = new TaskCompletionSource<Pong>(TaskCreationOptions.RunContinuationsAsynchronously);
            writer.TryWrite(new RawRequest(Ping.Instance, promise));
            var reply = await promise.Task.ConfigureAwait(false);
            samples[i] = Stopwatch.GetTimestamp() - start;
            if (!ReferenceEquals(reply, Pong.Instance))
            {
                throw new BenchmarkFailedException($"raw ask: unexpected reply {reply}.");
            }
        }
    }

    private async Task RespondAsync()
    {
        var reader = _inbox.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var request))
            {
                request.Reply.TrySetResult(Pong.Instance);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}

/// <summary>A request with the promise its reply completes.</summary>
internal readonly record struct RawRequest(Ping Request, TaskCompletionSource<Pong> Reply);
