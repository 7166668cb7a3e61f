using System.Diagnostics;
using Akka.Event;
using Xunit.Abstractions;

namespace ActorRpc.Akka.Tests;

/// <summary>
/// The Akka.NET 1.5.75 behaviours ActorRpc relies on, or must work around. Each test names one; an Akka upgrade
/// that changes it fails here first.
/// </summary>
public sealed class AkkaContractSpec(ITestOutputHelper output) : AkkaSpec(output)
{
    private static readonly TimeSpan s_ask = TimeSpan.FromSeconds(10);

    [Fact]
    public void The_suite_s_time_factor_is_Akka_s_test_time_factor()
    {
        Assert.Equal(TestKitTimeouts.TimeFactor, TestKitSettings.TestTimeFactor);
        Assert.Equal(TimeSpan.FromSeconds(3 * TestKitTimeouts.TimeFactor), Dilated(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void An_async_handler_holds_the_mailbox_until_its_task_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new Awaiting(gate.Task, TestActor)));

        actor.Tell("first");
        actor.Tell("second");
        ExpectMsg("started first");
        gate.SetResult();

        // Had the second message run while the first awaited, "started second" would come before "finished first".
        ExpectMsg("finished first");
        ExpectMsg("started second");
        ExpectMsg("finished second");
    }

    [Fact]
    public async Task A_Status_Failure_reply_faults_an_Ask_with_its_cause()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Replying(new Status.Failure(new InvalidOperationException("refused")))));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask<string>("question", s_ask));

        Assert.Equal("refused", error.Message);
    }

    [Fact]
    public async Task An_Ask_answered_with_another_type_faults_with_an_ArgumentException()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Replying("a string")));

        await Assert.ThrowsAsync<ArgumentException>(() => actor.Ask<int>("question", s_ask));
    }

    [Fact]
    public void An_Ask_has_no_default_timeout_so_every_ask_passes_one()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, Sys.Settings.AskTimeout);
    }

    [Fact]
    public void A_child_s_name_is_free_again_once_its_Terminated_has_arrived()
    {
        var first = Sys.ActorOf(Props.Create(() => new Replying("first")), "reused");
        Watch(first);

        Sys.Stop(first);
        ExpectTerminated(first);
        var second = Sys.ActorOf(Props.Create(() => new Replying("second")), "reused");
        second.Tell("question");

        ExpectMsg("second");
        Assert.Equal(first.Path, second.Path);
    }

    [Fact]
    public void A_message_to_a_stopped_actor_is_published_as_a_dead_letter()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var actor = Sys.ActorOf(Props.Create(() => new Replying("answer")));
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);

        actor.Tell("lost");

        var dead = ExpectMsg<DeadLetter>(d => Equals(d.Message, "lost"));
        Assert.Equal(actor, dead.Recipient);
    }

    [Fact]
    public void Stopping_an_actor_while_its_async_handler_awaits_ends_the_handler_there_its_finally_never_runs()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new Awaiting(gate.Task, TestActor)));
        Watch(actor);
        actor.Tell("work");
        ExpectMsg("started work");

        Sys.Stop(actor);
        ExpectTerminated(actor);
        gate.SetResult();

        // Neither the rest of the handler nor its finally: a lease or lock held across the await would leak, so the
        // product holds none there and releases what it holds in PostStop.
        ExpectNoMsg(Dilated(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void The_current_Activity_does_not_flow_through_Tell_so_messages_carry_the_trace_parent()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == nameof(AkkaContractSpec),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource(nameof(AkkaContractSpec));
        var actor = Sys.ActorOf(Props.Create(() => new TraceReporter()));

        using (var activity = source.StartActivity("request"))
        {
            Assert.NotNull(activity);
            actor.Tell("which trace?", TestActor);
        }

        ExpectMsg("no activity");
    }

    /// <summary>Reports "started", awaits the gate, reports "finished" (and, for "work", "finally" from its finally block).</summary>
    private sealed class Awaiting : ReceiveActor
    {
        public Awaiting(Task gate, IActorRef probe) => ReceiveAsync<string>(async message =>
        {
            probe.Tell($"started {message}");
            try
            {
                await gate;
                probe.Tell($"finished {message}");
            }
            finally
            {
                // Only for the stop test's message, so the mailbox test's order stays "started, finished, started".
                if (message == "work")
                {
                    probe.Tell("finally work");
                }
            }
        });
    }

    /// <summary>Answers every message with the same reply.</summary>
    private sealed class Replying : ReceiveActor
    {
        public Replying(object reply) => ReceiveAny(_ => Sender.Tell(reply));
    }

    /// <summary>Answers with the id of the Activity current while it handles the message.</summary>
    private sealed class TraceReporter : ReceiveActor
    {
        public TraceReporter() => ReceiveAny(_ => Sender.Tell(Activity.Current?.Id ?? "no activity"));
    }
}
