using Akka.Configuration;
using Akka.TestKit;
using Xunit.Abstractions;

namespace ActorRpc.Akka.Tests;

/// <summary>
/// A cancelled timer's message, already queued in the mailbox, is dropped (the bot's timed pause and the cluster's
/// heartbeat rely on it). Virtual time (Akka's <see cref="TestScheduler"/>) fires the timer while the actor is busy,
/// so the message is in the mailbox before the cancel, every time.
/// </summary>
public sealed class TimerContractSpec(ITestOutputHelper output)
    : global::Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\""), output: output)
{
    [Fact]
    public void A_timer_cancelled_after_its_message_was_queued_never_delivers_it()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new Ticking(gate.Task, TestActor)));
        actor.Tell("arm");
        ExpectMsg("armed");

        // The timer fires now; its message waits in the mailbox behind the handler, which still awaits the gate.
        ((TestScheduler)Sys.Scheduler).Advance(TimeSpan.FromSeconds(2));
        gate.SetResult();
        ExpectMsg("cancelled");
        actor.Tell("ping");

        // "tick" would come first had the queued timer message been delivered.
        ExpectMsg("pong");
    }

    /// <summary>On "arm": starts a 1-s timer, awaits the gate, cancels the timer. Reports each step, and any tick.</summary>
    private sealed class Ticking : ReceiveActor, IWithTimers
    {
        public Ticking(Task gate, IActorRef probe)
        {
            ReceiveAsync<string>(message => message == "arm", async _ =>
            {
                Timers.StartSingleTimer("tick", "tick", TimeSpan.FromSeconds(1));
                probe.Tell("armed");
                await gate;
                Timers.Cancel("tick");
                probe.Tell("cancelled");
            });
            Receive<string>(message => message == "tick", _ => probe.Tell("tick"));
            Receive<string>(message => message == "ping", _ => probe.Tell("pong"));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }
}
