using ActorRpc.Actors.Kernel.Routing;

namespace ActorRpc.Actors.Tests;

public sealed class RouterSpec : TestKit
{
    [Fact]
    public void A_round_robin_pool_spreads_messages_evenly_and_keeps_the_sender()
    {
        var pool = Sys.ActorOf(Props.Create(() => new WhoAmI()).WithRouter(new RoundRobinPool(4)), "workers");

        for (var i = 0; i < 400; i++)
        {
            pool.Tell(i);
        }

        var byRoutee = ReceiveN(400).Cast<string>().GroupBy(path => path).ToList();
        Assert.Equal(4, byRoutee.Count);
        Assert.All(byRoutee, g => Assert.Equal(100, g.Count()));
        Assert.All(byRoutee, g => Assert.StartsWith("/user/workers/$", g.Key));
    }

    [Fact]
    public void A_consistent_hashing_pool_sends_equal_keys_to_the_same_routee()
    {
        var pool = Sys.ActorOf(Props.Create(() => new Placer()).WithRouter(new ConsistentHashingPool(5)));

        var keys = Enumerable.Range(0, 50).Select(i => $"bot-{i}").ToList();
        foreach (var key in keys.Concat(keys))
        {
            pool.Tell(new ConsistentHashableEnvelope(key, key));
        }

        // Routees answer concurrently, so compare placements per key, not by arrival order.
        var placements = ReceiveN(100).Cast<Placed>().GroupBy(p => p.Message).ToList();
        Assert.Equal(50, placements.Count);
        Assert.All(placements, key => Assert.Single(key.Select(p => p.Routee).Distinct()));
        Assert.True(placements.Select(k => k.First().Routee).Distinct().Count() >= 3, "50 keys should spread over most of 5 routees");
    }

    [Fact]
    public void A_consistent_hashing_pool_uses_the_hash_mapping_and_IConsistentHashable()
    {
        var pool = Sys.ActorOf(Props.Create(() => new Placer())
            .WithRouter(new ConsistentHashingPool(3, hashMapping: m => m is int i ? i % 7 : null)));

        pool.Tell(3);
        pool.Tell(10);
        pool.Tell(new Keyed("k"));
        pool.Tell(new Keyed("k"));

        var placed = ReceiveN(4).Cast<Placed>().ToList();
        Assert.Single(placed.Where(p => p.Message is int).Select(p => p.Routee).Distinct());
        Assert.Single(placed.Where(p => p.Message is Keyed).Select(p => p.Routee).Distinct());
    }

    [Fact]
    public void The_stable_hash_is_the_same_in_every_process()
    {
        // Fixed expectations: placement must not depend on string.GetHashCode's per-process seed.
        Assert.Equal(ConsistentHashingPool.StableHash("bot-alpha"), ConsistentHashingPool.StableHash("bot-alpha"));
        Assert.Equal(0xF8B066D7u, ConsistentHashingPool.StableHash("bot-alpha"));
    }

    [Fact]
    public void Broadcast_reaches_every_routee()
    {
        var pool = Sys.ActorOf(Props.Create(() => new WhoAmI()).WithRouter(new RoundRobinPool(3)));

        pool.Tell(new Broadcast("hello all"));

        Assert.Equal(3, ReceiveN(3).Distinct().Count());
    }

    [Fact]
    public void A_stopped_routee_leaves_the_pool_and_the_last_one_stops_the_router()
    {
        var pool = Sys.ActorOf(Props.Create(() => new WhoAmI()).WithRouter(new RoundRobinPool(2)));
        Watch(pool);
        pool.Tell(GetRoutees.Instance);
        var routees = ExpectMsg<Routees>().Members;
        Assert.Equal(2, routees.Count);

        routees[0].Tell(PoisonPill.Instance);
        AwaitAssert(() =>
        {
            pool.Tell(GetRoutees.Instance);
            Assert.Single(ExpectMsg<Routees>().Members);
        });
        for (var i = 0; i < 4; i++)
        {
            pool.Tell(i);
        }
        Assert.All(ReceiveN(4), path => Assert.Equal(routees[1].Path.ToStringWithoutAddress(), path));

        routees[1].Tell(PoisonPill.Instance);
        ExpectTerminated(pool);
    }

    [Fact]
    public void PoisonPill_to_the_router_stops_it_and_its_routees()
    {
        var pool = Sys.ActorOf(Props.Create(() => new WhoAmI()).WithRouter(new RoundRobinPool(2)));
        pool.Tell(GetRoutees.Instance);
        var routees = ExpectMsg<Routees>().Members;
        Watch(pool);
        Watch(routees[0]);
        Watch(routees[1]);

        pool.Tell(PoisonPill.Instance);

        var stopped = ReceiveN(3).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.Equal(new HashSet<IActorRef> { pool, routees[0], routees[1] }, stopped);
    }

    private sealed record Placed(object Message, string Routee);

    private sealed class Placer : ReceiveActor
    {
        public Placer() => ReceiveAny(m => Sender.Tell(new Placed(m, Self.Path.Name)));
    }

    private sealed record Keyed(string Key) : IConsistentHashable
    {
        public object ConsistentHashKey => Key;
    }

    private sealed class WhoAmI : ReceiveActor
    {
        public WhoAmI() => ReceiveAny(_ => Sender.Tell(Self.Path.ToStringWithoutAddress()));
    }
}
