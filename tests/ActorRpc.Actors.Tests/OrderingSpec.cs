namespace ActorRpc.Actors.Tests;

public sealed class OrderingSpec : TestKit
{
    [Fact]
    public void Messages_from_one_sender_arrive_in_the_order_sent()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());

        for (var i = 0; i < 10_000; i++)
        {
            echo.Tell(i);
        }

        var received = ReceiveN(10_000);
        Assert.Equal(Enumerable.Range(0, 10_000).Cast<object>(), received);
    }

    [Fact]
    public void An_actor_processes_one_message_at_a_time()
    {
        var concurrency = new ConcurrencyProbe();
        var actor = Sys.ActorOf(Props.Create(() => new ConcurrencyCheckingActor(concurrency)));
        var senders = Enumerable.Range(0, 4).Select(_ => CreateTestProbe()).ToList();

        Parallel.ForEach(senders, probe =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                probe.Send(actor, i);
            }
        });

        foreach (var probe in senders)
        {
            probe.ReceiveN(2_000);
        }
        Assert.Equal(1, concurrency.MaxObserved);
    }

    [Fact]
    public void A_tell_without_sender_from_inside_an_actor_carries_that_actor_as_sender()
    {
        var relay = Sys.ActorOf(Props.Create(() => new RelayActor(TestActor)));

        relay.Tell("ping", null);

        Assert.Equal("ping", ExpectMsg<string>());
        Assert.Equal(relay, LastSender);
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var forwarder = Sys.ActorOf(Props.Create(() => new ForwardingActor(echo)));

        forwarder.Tell("hello");

        Assert.Equal("hello", ExpectMsg<string>());
        Assert.Equal(echo, LastSender);
    }

    internal sealed class ConcurrencyProbe
    {
        private int _inside;
        private int _max;

        public int MaxObserved => Volatile.Read(ref _max);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _inside);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }
        }

        public void Leave() => Interlocked.Decrement(ref _inside);
    }

    private sealed class ConcurrencyCheckingActor : ReceiveActor
    {
        public ConcurrencyCheckingActor(ConcurrencyProbe probe) => Receive<int>(i =>
        {
            probe.Enter();
            Thread.SpinWait(50);
            probe.Leave();
            Sender.Tell(i);
        });
    }

    private sealed class RelayActor : ReceiveActor
    {
        public RelayActor(IActorRef target) => Receive<string>(s => target.Tell(s));
    }

    private sealed class ForwardingActor : ReceiveActor
    {
        public ForwardingActor(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }
}
