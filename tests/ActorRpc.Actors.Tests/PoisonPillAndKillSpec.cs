namespace ActorRpc.Actors.Tests;

public sealed class PoisonPillAndKillSpec : TestKit
{
    [Fact]
    public void PoisonPill_stops_after_the_messages_queued_before_it_and_later_ones_are_dead_letters()
    {
        var lifecycle = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(lifecycle.Ref)));
        Watch(actor);
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        actor.Tell("one");
        actor.Tell("two");
        actor.Tell(PoisonPill.Instance);
        actor.Tell("three");

        ExpectMsg("one");
        ExpectMsg("two");
        var afterPill = ReceiveN(2);
        Assert.Contains(afterPill, m => m is DeadLetter { Message: "three" });
        Assert.Contains(afterPill, m => m is Terminated t && t.ActorRef.Equals(actor));
        lifecycle.FishForMessage(m => m is "postStop");
    }

    [Fact]
    public void Kill_fails_the_actor_with_ActorKilledException_and_the_default_strategy_stops_it()
    {
        var lifecycle = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(lifecycle.Ref)));
        Watch(actor);

        actor.Tell(Kill.Instance);

        ExpectTerminated(actor);
        lifecycle.FishForMessage(m => m is "postStop");
    }

    [Fact]
    public void Kill_under_a_resuming_supervisor_keeps_the_actor()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Resume))));
        supervisor.Tell(Props.Create<EchoActor>());
        var child = ExpectMsg<IActorRef>();

        child.Tell(Kill.Instance);
        child.Tell("alive");

        ExpectMsg("alive");
    }

    [Fact]
    public async Task GracefulStop_completes_once_the_actor_has_stopped()
    {
        var lifecycle = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(lifecycle.Ref)));

        Assert.True(await actor.GracefulStop(TimeSpan.FromSeconds(3)));

        lifecycle.FishForMessage(m => m is "postStop");
    }
}
