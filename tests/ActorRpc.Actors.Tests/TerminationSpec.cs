using System.Collections.Concurrent;

namespace ActorRpc.Actors.Tests;

public sealed class TerminationSpec
{
    [Fact]
    public async Task Terminate_runs_every_PostStop_children_before_parents_and_completes_WhenTerminated()
    {
        var system = ActorSystem.Create("termination");
        var order = new ConcurrentQueue<string>();
        var created = new CountdownEvent(3);
        var top = system.ActorOf(Props.Create(() => new Node(order, created, 2)), "top");

        Assert.True(created.Wait(TestKitTimeouts.DefaultExpect));
        await system.Terminate().WaitAsync(TestKitTimeouts.DefaultExpect);

        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        var stops = order.ToList();
        Assert.Equal(3, stops.Count);
        Assert.Equal("/user/top", stops[^1]);
        Assert.Equal("/user/top/n1", stops[^2]);
        Assert.Equal("/user/top/n1/n0", stops[0]);
        Assert.NotNull(top);
    }

    [Fact]
    public async Task Messages_still_queued_at_termination_become_dead_letters()
    {
        var system = ActorSystem.Create("queued");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadLetters = new ConcurrentQueue<object>();
        var collector = system.ActorOf(Props.Create(() => new Collector(deadLetters)));
        system.EventStream.Subscribe(collector, typeof(DeadLetter));
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = system.ActorOf(Props.Create(() => new Blocker(gate.Task, holding)));
        slow.Tell("first", null);
        await holding.Task.WaitAsync(TestKitTimeouts.DefaultExpect);
        for (var i = 0; i < 10; i++)
        {
            slow.Tell(i, null);
        }

        var terminated = system.Terminate();
        // Release the held handler only once the stop request is queued, so the backlog is still there when it is processed.
        var mailbox = ((ActorRpc.Actors.Kernel.Dispatch.LocalActorRef)slow).Cell.Mailbox;
        Assert.True(SpinWait.SpinUntil(() => mailbox.HasSystemMessages, TestKitTimeouts.DefaultExpect), "the stop request never reached the actor");
        gate.SetResult();
        await terminated.WaitAsync(TestKitTimeouts.DefaultExpect);

        // The collector may stop before all are published to it; the dead-letter count sees every one.
        Assert.True(system.DeadLetterCount >= 10, $"expected the 10 queued messages as dead letters, saw {system.DeadLetterCount}");
    }

    [Fact]
    public async Task Terminate_is_idempotent_and_ActorOf_afterwards_is_refused()
    {
        var system = ActorSystem.Create("twice");

        var first = system.Terminate();
        var second = system.Terminate();
        await first.WaitAsync(TestKitTimeouts.DefaultExpect);

        Assert.Same(first, second);
        Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create<EchoActor>()));
    }

    [Fact]
    public async Task Scheduled_messages_are_cancelled_by_termination()
    {
        var system = ActorSystem.Create("scheduled");
        var echo = system.ActorOf(Props.Create<EchoActor>());
        var schedule = system.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromHours(1), TimeSpan.FromHours(1), echo, "never", null);

        await system.Terminate().WaitAsync(TestKitTimeouts.DefaultExpect);

        Assert.True(schedule.IsCancellationRequested);
    }

    private sealed class Node : ReceiveActor
    {
        private readonly ConcurrentQueue<string> _order;

        public Node(ConcurrentQueue<string> order, CountdownEvent created, int depth)
        {
            _order = order;
            if (depth > 0)
            {
                Context.ActorOf(Props.Create(() => new Node(order, created, depth - 1)), "n" + (depth - 1));
            }
            created.Signal();
        }

        protected override void PostStop() => _order.Enqueue(Self.Path.ToStringWithoutAddress());
    }

    private sealed class Blocker : ReceiveActor
    {
        public Blocker(Task gate, TaskCompletionSource holding) => ReceiveAsync<object>(_ =>
        {
            holding.TrySetResult();
            return gate;
        });
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(ConcurrentQueue<object> sink) => ReceiveAny(sink.Enqueue);
    }
}
