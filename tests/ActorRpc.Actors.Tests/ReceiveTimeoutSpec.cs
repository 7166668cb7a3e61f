namespace ActorRpc.Actors.Tests;

public sealed class ReceiveTimeoutSpec : TestKit
{
    [Fact]
    public void An_idle_actor_receives_ReceiveTimeout()
    {
        Sys.ActorOf(Props.Create(() => new IdleReporter(TestActor, TimeSpan.FromMilliseconds(50))));

        ExpectMsg("timeout", TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Messages_postpone_the_timeout()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleReporter(TestActor, TimeSpan.FromMilliseconds(600))));
        var started = DateTime.UtcNow;

        // Keep it busy for well over one timeout; each message resets the idle clock (gaps stay far below 600 ms even on a loaded machine).
        var busyUntil = started + TimeSpan.FromMilliseconds(1200);
        while (DateTime.UtcNow < busyUntil)
        {
            actor.Tell("tick");
            ExpectMsg("tock");
        }

        ExpectMsg("timeout");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(1800));
    }

    [Fact]
    public void Turning_the_timeout_off_stops_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleReporter(TestActor, TimeSpan.FromMilliseconds(100))));
        actor.Tell("off");
        ExpectMsg("tock");

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void The_timeout_repeats_while_the_actor_stays_idle()
    {
        Sys.ActorOf(Props.Create(() => new IdleReporter(TestActor, TimeSpan.FromMilliseconds(30))));

        ExpectMsg("timeout");
        ExpectMsg("timeout");
    }

    private sealed class IdleReporter : ReceiveActor
    {
        public IdleReporter(IActorRef report, TimeSpan timeout)
        {
            Context.SetReceiveTimeout(timeout);
            Receive<ReceiveTimeout>(_ => report.Tell("timeout"));
            Receive<string>(s => s == "off", _ =>
            {
                Context.SetReceiveTimeout(null);
                Sender.Tell("tock");
            });
            Receive<string>(_ => Sender.Tell("tock"));
        }
    }
}
