namespace ActorRpc.Actors.Tests;

public sealed class DeathWatchSpec : TestKit
{
    [Fact]
    public void A_watcher_gets_exactly_one_Terminated_when_the_actor_stops()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new WatchingActor(target, TestActor)));
        ExpectMsg("watching");

        Sys.Stop(target);

        var terminated = ExpectMsg<Terminated>();
        Assert.Equal(target, terminated.ActorRef);
        Assert.True(terminated.ExistenceConfirmed);
        ExpectNoMsg();
        Assert.NotNull(watcher);
    }

    [Fact]
    public void Watching_an_actor_that_is_already_gone_delivers_Terminated_at_once()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);

        Sys.ActorOf(Props.Create(() => new WatchingActor(target, TestActor)));

        ExpectMsg("watching");
        Assert.Equal(target, ExpectMsg<Terminated>().ActorRef);
    }

    [Fact]
    public void Unwatch_prevents_the_Terminated_message()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new WatchingActor(target, TestActor)));
        ExpectMsg("watching");

        watcher.Tell("unwatch");
        ExpectMsg("unwatched");
        Sys.Stop(target);

        ExpectNoMsg();
    }

    [Fact]
    public void An_unhandled_Terminated_kills_the_watcher_with_a_death_pact()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        var careless = Sys.ActorOf(Props.Create(() => new CarelessWatcher(target)));
        Watch(careless);
        careless.Tell("ready?");
        ExpectMsg("ready");

        Sys.Stop(target);

        ExpectTerminated(careless);
    }

    [Fact]
    public void A_parent_stops_after_its_children_and_watchers_hear_of_both()
    {
        var parent = Sys.ActorOf(Props.Create(() => new SupervisorActor(SupervisorStrategy.DefaultStrategy)));
        parent.Tell(Props.Create<EchoActor>());
        var child = ExpectMsg<IActorRef>();
        Watch(parent);
        Watch(child);

        Sys.Stop(parent);

        ExpectTerminated(child);
        ExpectTerminated(parent);
    }

    [Fact]
    public void Identify_is_answered_by_the_kernel_with_the_actor_and_the_id()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());

        echo.Tell(new Identify("who?"));

        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal("who?", identity.MessageId);
        Assert.Same(echo, identity.Subject);
    }

    private sealed class WatchingActor : ReceiveActor
    {
        public WatchingActor(IActorRef target, IActorRef report)
        {
            Receive<Terminated>(t => report.Tell(t));
            Receive<string>(s => s == "unwatch", _ =>
            {
                Context.Unwatch(target);
                report.Tell("unwatched");
            });
            Context.Watch(target);
            report.Tell("watching");
        }
    }

    private sealed class CarelessWatcher : ReceiveActor
    {
        public CarelessWatcher(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => Sender.Tell("ready"));
        }
    }
}
