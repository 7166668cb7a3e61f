namespace ActorRpc.Actors.Tests;

public sealed class StressSpec : TestKit
{
    [Fact]
    public void Many_concurrent_senders_lose_no_message_and_keep_each_senders_order()
    {
        const int Senders = 8;
        const int PerSender = 50_000;
        var counter = Sys.ActorOf(Props.Create(() => new OrderCheckingCounter(Senders, PerSender)));

        var threads = Enumerable.Range(0, Senders).Select(s => new Thread(() =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                counter.Tell(new Numbered(s, i), null);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        counter.Tell("report");

        var report = ExpectMsg<Report>(TimeSpan.FromSeconds(30));
        Assert.Equal(Senders * PerSender, report.Received);
        Assert.Equal(0, report.OutOfOrder);
    }

    [Fact]
    public void Many_actors_exchanging_messages_all_finish()
    {
        const int Pairs = 200;
        const int RoundTrips = 500;

        for (var p = 0; p < Pairs; p++)
        {
            var ponger = Sys.ActorOf(Props.Create<EchoActor>());
            Sys.ActorOf(Props.Create(() => new Pinger(ponger, RoundTrips, TestActor)));
        }

        var done = ReceiveN(Pairs, TimeSpan.FromSeconds(30));
        Assert.All(done, m => Assert.Equal(RoundTrips, m));
    }

    private sealed record Numbered(int Sender, int Sequence);

    private sealed record Report(long Received, long OutOfOrder);

    private sealed class OrderCheckingCounter : ReceiveActor
    {
        public OrderCheckingCounter(int senders, int perSender)
        {
            var next = new int[senders];
            long received = 0, outOfOrder = 0;
            Receive<Numbered>(n =>
            {
                received++;
                if (n.Sequence != next[n.Sender])
                {
                    outOfOrder++;
                }
                next[n.Sender] = n.Sequence + 1;
            });
            Receive<string>(_ => Sender.Tell(new Report(received, outOfOrder)));
        }
    }

    private sealed class Pinger : ReceiveActor
    {
        public Pinger(IActorRef ponger, int roundTrips, IActorRef done)
        {
            var count = 0;
            Receive<int>(_ =>
            {
                if (++count == roundTrips)
                {
                    done.Tell(count);
                }
                else
                {
                    ponger.Tell(count);
                }
            });
            ponger.Tell(0);
        }
    }
}
