using System.Diagnostics;

namespace ActorRpc.Actors.Tests;

public sealed class OverloadAndTracingSpec : TestKit
{
    [Fact]
    public async Task Asking_an_actor_whose_bounded_mailbox_is_full_fails_at_once_with_MailboxFullException()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = Sys.ActorOf(Props.Create(() => new Held(gate.Task)).WithMailboxCapacity(2));
        busy.Tell("hold");
        ExpectMsg("holding");
        busy.Tell("queued 1");
        busy.Tell("queued 2");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MailboxFullException>(() => busy.Ask<string>("one too many", TimeSpan.FromSeconds(30)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the ask should fail at once, not time out");
        Assert.Contains("overloaded", error.Message);
        gate.SetResult();
        Assert.Equal("queued 1", ExpectMsg<string>());
    }

    [Fact]
    public void The_senders_trace_is_current_while_the_receiver_handles_the_message_and_flows_on()
    {
        var reporter = Sys.ActorOf(Props.Create(() => new TraceReporter(TestActor)));
        var relay = Sys.ActorOf(Props.Create(() => new Relay(reporter)));
        using var activity = new Activity("test request").SetIdFormat(ActivityIdFormat.W3C).Start();

        relay.Tell("traced");

        // The request's activity lives until its answer (a stopped activity cannot become current again).
        Assert.Equal(activity.TraceId.ToString(), ExpectMsg<string>());
    }

    [Fact]
    public void Without_a_trace_the_receiver_sees_none()
    {
        Assert.Null(Activity.Current);
        var reporter = Sys.ActorOf(Props.Create(() => new TraceReporter(TestActor)));

        reporter.Tell("untraced");

        Assert.Equal("none", ExpectMsg<string>());
    }

    private sealed class Held : ReceiveActor
    {
        public Held(Task gate)
        {
            ReceiveAsync<string>(async _ =>
            {
                Sender.Tell("holding");
                await gate;
            }, s => s == "hold");
            Receive<string>(s => Sender.Tell(s));
        }
    }

    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef next) => ReceiveAny(m => next.Tell(m));
    }

    private sealed class TraceReporter : ReceiveActor
    {
        public TraceReporter(IActorRef report) => ReceiveAny(_ => report.Tell(Activity.Current?.TraceId.ToString() ?? "none"));
    }
}
