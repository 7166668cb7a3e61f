using ActorRpc.Actors.Kernel.Dispatch;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Tests;

public sealed class MailboxSpec() : TestKit(settings: ActorSystemSettings.Default with { Throughput = 10 })
{
    [Fact]
    public void A_backlog_is_processed_in_batches_of_at_most_the_throughput_per_turn()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new GatedCounter(gate.Task)));
        actor.Tell("hold");
        ExpectMsg("holding");
        for (var i = 0; i < 100; i++)
        {
            actor.Tell(i);
        }
        var runsBefore = ((LocalActorRef)actor).Cell.Mailbox.Runs;

        gate.SetResult();
        actor.Tell("count?");

        Assert.Equal(100, ExpectMsg<int>());
        var runs = ((LocalActorRef)actor).Cell.Mailbox.Runs - runsBefore;
        Assert.True(runs >= 11, $"101 queued messages at 10 per turn need at least 11 turns; took {runs}");
    }

    [Fact]
    public void Mailbox_depth_counts_waiting_messages_in_total_and_in_the_deepest_mailbox()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new GatedCounter(gate.Task)));
        actor.Tell("hold");
        ExpectMsg("holding");

        for (var i = 0; i < 100; i++)
        {
            actor.Tell(i);
        }

        var (total, deepest) = Sys.MailboxDepth();
        Assert.Equal(100, deepest);
        Assert.True(total >= 100);
        gate.SetResult();
        AwaitCondition(() => Sys.MailboxDepth().Deepest == 0, message: "the backlog to drain");
    }

    [Fact]
    public void A_full_bounded_mailbox_turns_further_sends_into_dead_letters()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new GatedCounter(gate.Task)).WithMailboxCapacity(5));
        actor.Tell("hold");
        ExpectMsg("holding");
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        for (var i = 0; i < 8; i++)
        {
            actor.Tell(i);
        }

        Assert.Equal([5, 6, 7], ReceiveN(3).Cast<DeadLetter>().Select(d => (int)d.Message));
        Sys.EventStream.Unsubscribe(TestActor);
        gate.SetResult();
        // Until the backlog drains, the question itself may find the mailbox full; ask until it gets in.
        AwaitAssert(() => Assert.Equal(5, actor.Ask<int>("count?", TimeSpan.FromMilliseconds(500)).GetAwaiter().GetResult()));
    }

    [Fact]
    public void Dead_letter_logging_is_rate_limited_and_reports_what_it_skipped()
    {
        var time = new ManualTime();
        var logger = new CapturingLogger();
        var log = new RateLimitedLog(logger, "dead letters", limit: 10, interval: TimeSpan.FromSeconds(10), time);

        for (var i = 0; i < 25; i++)
        {
            log.Log(i, null, ActorRefs.Nobody);
        }
        Assert.Equal(10, logger.Lines.Count);

        time.Advance(TimeSpan.FromSeconds(11));
        log.Log("next", null, ActorRefs.Nobody);

        Assert.Equal(25 + 1, log.Total);
        Assert.Contains(logger.Lines, l => l.Contains("15 more dead letters were not logged"));
        Assert.Contains("next", logger.Lines[^1]);
    }

    private sealed class GatedCounter : ReceiveActor
    {
        public GatedCounter(Task gate)
        {
            var count = 0;
            ReceiveAsync<string>(async _ =>
            {
                Sender.Tell("holding");
                await gate;
            }, s => s == "hold");
            Receive<string>(_ => Sender.Tell(count));
            Receive<int>(_ => count++);
        }
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _now;

        public override long GetTimestamp() => _now;

        public void Advance(TimeSpan by) => _now += (long)(by.TotalSeconds * TimestampFrequency);
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
