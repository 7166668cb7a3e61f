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
        var lastSent = started;
        while (DateTime.UtcNow < busyUntil)
        {
            lastSent = DateTime.UtcNow;
            actor.Tell("tick");
            ExpectMsg("tock");
        }

        ExpectMsg("timeout");
        var timedOut = DateTime.UtcNow;
        // No timeout during the busy 1.2 s (each ExpectMsg above got its tock), then one timeout after the last message.
        Assert.True(timedOut - lastSent >= TimeSpan.FromMilliseconds(550),
            $"the timeout came {(timedOut - lastSent).TotalMilliseconds:0} ms after the last message, sooner than the 600 ms timeout");
        Assert.True(timedOut - started >= TimeSpan.FromMilliseconds(1700));
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
