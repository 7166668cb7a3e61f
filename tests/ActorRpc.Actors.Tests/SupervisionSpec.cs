namespace ActorRpc.Actors.Tests;

public sealed class SupervisionSpec : TestKit
{
    private IActorRef ChildUnder(SupervisorStrategy strategy, TestProbe lifecycle)
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(strategy)));
        supervisor.Tell(Props.Create(() => new LifecycleActor(lifecycle.Ref)));
        var child = ExpectMsg<IActorRef>();
        lifecycle.ExpectMsg("constructed");
        lifecycle.ExpectMsg("preStart");
        return child;
    }

    [Fact]
    public void Resume_keeps_the_instance_and_its_state()
    {
        var lifecycle = CreateTestProbe();
        var child = ChildUnder(new OneForOneStrategy(_ => Directive.Resume), lifecycle);

        child.Tell("count");
        ExpectMsg(1);
        child.Tell(new InvalidOperationException("boom"));
        child.Tell("count");

        ExpectMsg(2);
        lifecycle.ExpectNoMsg();
    }

    [Fact]
    public void Restart_replaces_the_instance_and_runs_the_restart_hooks()
    {
        var lifecycle = CreateTestProbe();
        var child = ChildUnder(SupervisorStrategy.DefaultStrategy, lifecycle);
        child.Tell("count");
        ExpectMsg(1);

        var failure = new InvalidOperationException("boom");
        child.Tell(failure);

        var pre = lifecycle.ExpectMsg<PreRestartCalled>();
        Assert.Equal("boom", pre.Reason);
        Assert.Same(failure, pre.Message);
        lifecycle.ExpectMsg("postStop");
        lifecycle.ExpectMsg("constructed");
        Assert.Equal("boom", lifecycle.ExpectMsg<PostRestartCalled>().Reason);
        lifecycle.ExpectMsg("preStart");
        child.Tell("count");
        ExpectMsg(1);
    }

    [Fact]
    public void Messages_queued_behind_a_failure_survive_the_restart()
    {
        var lifecycle = CreateTestProbe();
        var child = ChildUnder(SupervisorStrategy.DefaultStrategy, lifecycle);

        child.Tell(new InvalidOperationException("boom"));
        child.Tell("still here");

        ExpectMsg("still here");
    }

    [Fact]
    public void Stop_stops_the_child()
    {
        var lifecycle = CreateTestProbe();
        var child = ChildUnder(SupervisorStrategy.StoppingStrategy, lifecycle);
        Watch(child);

        child.Tell(new InvalidOperationException("boom"));

        lifecycle.ExpectMsg("postStop");
        ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_hands_the_failure_to_the_grandparent()
    {
        var lifecycle = CreateTestProbe();
        var middle = CreateTestProbe();
        var top = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(ex =>
        {
            middle.Ref.Tell("grandparent decides: " + ex.Message);
            return Directive.Resume;
        }))));
        top.Tell(Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Escalate))));
        var parent = ExpectMsg<IActorRef>();
        parent.Tell(Props.Create(() => new LifecycleActor(lifecycle.Ref)));
        var child = ExpectMsg<IActorRef>();
        child.Tell("count");
        ExpectMsg(1);

        child.Tell(new InvalidOperationException("deep"));

        middle.ExpectMsg("grandparent decides: deep");
        child.Tell("count");
        ExpectMsg(2);
    }

    [Fact]
    public void A_failure_in_the_constructor_stops_the_actor_under_the_default_strategy()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(SupervisorStrategy.DefaultStrategy)));
        supervisor.Tell(Props.Create(() => new FailingConstructorActor()));
        var child = ExpectMsg<IActorRef>();

        Watch(child);

        ExpectTerminated(child);
    }

    [Fact]
    public void A_failure_in_PreStart_stops_the_actor_under_the_default_strategy()
    {
        var lifecycle = CreateTestProbe();
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(SupervisorStrategy.DefaultStrategy)));
        supervisor.Tell(Props.Create(() => new FailingPreStartActor(lifecycle.Ref)));
        var child = ExpectMsg<IActorRef>();
        Watch(child);

        lifecycle.ExpectMsg("preStart");
        ExpectTerminated(child);
        lifecycle.ExpectMsg("postStop");
    }

    [Fact]
    public void Restarts_beyond_the_limit_within_the_window_stop_the_child()
    {
        var lifecycle = CreateTestProbe();
        var child = ChildUnder(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart), lifecycle);
        Watch(child);

        for (var restart = 1; restart <= 2; restart++)
        {
            child.Tell(new InvalidOperationException("boom " + restart));
            lifecycle.FishForMessage(m => m is "preStart");
        }
        child.Tell(new InvalidOperationException("boom 3"));

        ExpectTerminated(child);
    }

    [Fact]
    public void A_restart_limit_of_zero_stops_at_the_first_failure()
    {
        var lifecycle = CreateTestProbe();
        var child = ChildUnder(new OneForOneStrategy(0, TimeSpan.FromMinutes(1), _ => Directive.Restart), lifecycle);
        Watch(child);

        child.Tell(new InvalidOperationException("once"));

        ExpectTerminated(child);
    }

    [Fact]
    public void A_restart_stops_the_children_of_the_failed_actor_by_default()
    {
        var parent = Sys.ActorOf(Props.Create(() => new SupervisorActor(SupervisorStrategy.DefaultStrategy)));
        var grandchildProbe = CreateTestProbe();
        parent.Tell(Props.Create(() => new LifecycleActor(grandchildProbe.Ref)));
        var grandchild = ExpectMsg<IActorRef>();
        Watch(grandchild);

        parent.Tell(new InvalidOperationException("parent fails"));

        ExpectTerminated(grandchild);
        parent.Tell(Props.Create<EchoActor>());
        Assert.NotEqual(grandchild, ExpectMsg<IActorRef>());
    }

    [Fact]
    public void A_top_level_actor_that_escalates_is_restarted_by_the_guardian_and_the_system_lives_on()
    {
        var lifecycle = CreateTestProbe();
        var escalating = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Escalate))));
        escalating.Tell(Props.Create(() => new LifecycleActor(lifecycle.Ref)));
        var child = ExpectMsg<IActorRef>();
        Watch(child);

        child.Tell(new InvalidOperationException("up"));

        // The guardian's default strategy restarts the escalating actor, whose default PreRestart stops its children.
        ExpectTerminated(child);
        escalating.Tell(Props.Create<EchoActor>());
        ExpectMsg<IActorRef>().Tell("alive");
        ExpectMsg("alive");
    }

    private sealed class FailingConstructorActor : ReceiveActor
    {
        public FailingConstructorActor() => throw new InvalidOperationException("cannot construct");
    }

    private sealed class FailingPreStartActor(IActorRef probe) : ReceiveActor
    {
        protected override void PreStart()
        {
            probe.Tell("preStart");
            throw new InvalidOperationException("cannot start");
        }

        protected override void PostStop() => probe.Tell("postStop");
    }
}
