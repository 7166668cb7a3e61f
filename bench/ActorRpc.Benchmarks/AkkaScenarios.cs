using Microsoft.Extensions.Logging.Abstractions;
using ActorRpc.Actors.Runtime;
using System.Diagnostics;
using Akka.Actor;

namespace ActorRpc.Benchmarks;

/// <summary>The Akka.NET side of every scenario: one actor system (the node's Akka settings), reused by all runs.</summary>
internal sealed class AkkaScenarios : IAsyncDisposable
{
    private static readonly TimeSpan s_askTimeout = TimeSpan.FromSeconds(5);

    private readonly ActorSystem _system = ActorSystems.Create("bench", NullLoggerFactory.Instance);

    /// <summary>Undeliverable messages so far; any is a sign of a lost message.</summary>
    public long DeadLetters => Actors.Runtime.DeadLetters.Of(_system);

    /// <summary>Creates <paramref name="count"/> pinger/ponger pairs, idle until a run starts them.</summary>
    public AkkaPairs CreatePairs(int count)
    {
        var pingers = new IActorRef[count];
        var pongers = new IActorRef[count];
        for (var i = 0; i < count; i++)
        {
            pongers[i] = _system.ActorOf(Props.Create(() => new PongerActor()));
            pingers[i] = _system.ActorOf(Props.Create(() => new PingerActor()));
        }
        return new AkkaPairs(pingers, pongers);
    }

    /// <summary>Creates the actor that answers every <see cref="Ping"/> with a <see cref="Pong"/>.</summary>
    public IActorRef CreateResponder() => _system.ActorOf(Props.Create(() => new PongerActor()), "responder");

    /// <summary>Sequential asks; each call's duration (Stopwatch ticks) goes to <paramref name="samples"/>.</summary>
    public static async Task AskAsync(IActorRef responder, long[] samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var reply = await responder.Ask<Pong>(Ping.Instance, s_askTimeout).ConfigureAwait(false);
            samples[i] = Stopwatch.GetTimestamp() - start;
            if (!ReferenceEquals(reply, Pong.Instance))
            {
                throw new BenchmarkFailedException($"Akka ask: unexpected reply {reply}.");
            }
        }
    }

    /// <summary>Stops every actor; bounded so a system that cannot stop does not hang the benchmark.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _system.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("warning: the actor system did not terminate within 10 s.");
        }
    }
}

/// <summary>N pinger/ponger pairs of one system; each run restarts them with a fresh round-trip count.</summary>
internal sealed class AkkaPairs(IActorRef[] pingers, IActorRef[] pongers) : IPairsRunner
{
    public int Pairs => pingers.Length;

    public async Task RunAsync(long roundTripsPerPair, TimeSpan timeout)
    {
        var completion = new PairsCompletion(pingers.Length);
        for (var i = 0; i < pingers.Length; i++)
        {
            pingers[i].Tell(new StartPingPong(pongers[i], roundTripsPerPair, completion), null);
        }
        await completion.WaitAsync($"Akka ping-pong ({pingers.Length} pairs)", pingers.Length, timeout).ConfigureAwait(false);
    }
}

/// <summary>Starts a pinger: <paramref name="RoundTrips"/> pings to <paramref name="Ponger"/>, then report to <paramref name="Completion"/>.</summary>
internal sealed record StartPingPong(IActorRef Ponger, long RoundTrips, PairsCompletion Completion);

/// <summary>Sends a ping per pong received until its count is done; never blocks.</summary>
internal sealed class PingerActor : ReceiveActor
{
    private long _remaining;

    private PairsCompletion? _completion;

    public PingerActor()
    {
        Receive<StartPingPong>(start =>
        {
            _remaining = start.RoundTrips;
            _completion = start.Completion;
            start.Ponger.Tell(Ping.Instance, Self);
        });
        Receive<Pong>(_ =>
        {
            if (--_remaining > 0)
            {
                Sender.Tell(Ping.Instance, Self);
            }
            else if (_remaining == 0)
            {
                _completion!.PairDone();
            }
            else
            {
                // A pong beyond the count means a duplicated delivery.
                _completion!.Fail("Akka ping-pong: a pong arrived after the last round trip.");
            }
        });
    }
}

/// <summary>Answers each ping to its sender.</summary>
internal sealed class PongerActor : ReceiveActor
{
    public PongerActor() => Receive<Ping>(_ => Sender.Tell(Pong.Instance, Self));
}
