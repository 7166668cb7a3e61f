namespace ActorRpc.Actors.Tests;

public sealed class StashAndBecomeSpec : TestKit
{
    [Fact]
    public void Stashed_messages_are_replayed_in_order_after_become()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Gate()));

        actor.Tell("a");
        actor.Tell("b");
        actor.Tell("open");
        actor.Tell("c");

        ExpectMsg("opened");
        ExpectMsg("a");
        ExpectMsg("b");
        ExpectMsg("c");
    }

    [Fact]
    public void Stashing_the_same_message_twice_is_a_failure()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(ex =>
        {
            TestActor.Tell(ex.GetType().Name);
            return Directive.Resume;
        }))));
        supervisor.Tell(Props.Create(() => new DoubleStasher()));
        var child = ExpectMsg<IActorRef>();

        child.Tell("x");

        ExpectMsg(nameof(IllegalActorStateException));
    }

    [Fact]
    public void BecomeStacked_and_UnbecomeStacked_return_to_the_earlier_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Moody()));

        actor.Tell("mood?");
        ExpectMsg("calm");
        actor.Tell("provoke");
        actor.Tell("mood?");
        ExpectMsg("angry");
        actor.Tell("soothe");
        actor.Tell("mood?");
        ExpectMsg("calm");
    }

    [Fact]
    public void Become_in_an_untyped_actor_replaces_the_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Toggle()));

        actor.Tell("x");
        actor.Tell("x");
        actor.Tell("x");

        ExpectMsg("on");
        ExpectMsg("off");
        ExpectMsg("on");
    }

    [Fact]
    public void Stashed_messages_survive_a_restart()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Gate()));

        actor.Tell("kept");
        actor.Tell(new InvalidOperationException("restart me"));
        actor.Tell("open");

        ExpectMsg("opened");
        ExpectMsg("kept");
    }

    private sealed class Gate : ReceiveActor, IWithStash
    {
        public Gate()
        {
            Receive<Exception>(ex => throw ex);
            Receive<string>(s => s == "open", _ =>
            {
                Sender.Tell("opened");
                Become(() => Receive<string>(s => Sender.Tell(s)));
                Stash.UnstashAll();
            });
            Receive<string>(_ => Stash.Stash());
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class DoubleStasher : ReceiveActor, IWithStash
    {
        public DoubleStasher() => Receive<string>(_ =>
        {
            Stash.Stash();
            Stash.Stash();
        });

        public IStash Stash { get; set; } = null!;
    }

    private sealed class Moody : ReceiveActor
    {
        public Moody()
        {
            Receive<string>(s => s == "provoke", _ => BecomeStacked(() =>
            {
                Receive<string>(s => s == "soothe", _ => UnbecomeStacked());
                Receive<string>(_ => Sender.Tell("angry"));
            }));
            Receive<string>(_ => Sender.Tell("calm"));
        }
    }

    private sealed class Toggle : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            Sender.Tell("on");
            Become(Off);
        }

        private void Off(object message)
        {
            Sender.Tell("off");
            Become(OnReceive);
        }
    }
}
