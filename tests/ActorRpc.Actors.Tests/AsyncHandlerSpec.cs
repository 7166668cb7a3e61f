namespace ActorRpc.Actors.Tests;

public sealed class AsyncHandlerSpec : TestKit
{
    [Fact]
    public void An_async_handler_holds_the_mailbox_until_its_task_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new GatedActor(gate.Task)));

        actor.Tell("slow");
        actor.Tell("fast");
        ExpectMsg("slow started");
        ExpectNoMsg();

        gate.SetResult();
        ExpectMsg("slow done");
        ExpectMsg("fast");
    }

    [Fact]
    public void Context_sender_and_implicit_sender_survive_an_await()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AwaitingReplier()));

        actor.Tell("question");

        Assert.Equal("answer to question", ExpectMsg<string>());
        Assert.Equal(actor, LastSender);
    }

    [Fact]
    public void A_faulted_async_handler_is_a_failure_of_the_actor()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Resume))));
        supervisor.Tell(Props.Create(() => new FaultingAsyncActor()));
        var child = ExpectMsg<IActorRef>();

        child.Tell("fail");
        child.Tell("after");

        Assert.Equal("after", ExpectMsg<string>());
    }

    [Fact]
    public void Untyped_actors_run_tasks_holding_the_mailbox()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new UntypedRunner(gate.Task)));

        actor.Tell(1);
        actor.Tell(2);
        ExpectMsg(1);
        ExpectNoMsg();
        gate.SetResult();

        ExpectMsg(-1);
        ExpectMsg(2);
    }

    private sealed class GatedActor : ReceiveActor
    {
        public GatedActor(Task gate)
        {
            ReceiveAsync<string>(async _ =>
            {
                Sender.Tell("slow started");
                await gate;
                Sender.Tell("slow done");
            }, s => s == "slow");
            Receive<string>(s => Sender.Tell(s));
        }
    }

    private sealed class AwaitingReplier : ReceiveActor
    {
        public AwaitingReplier() => ReceiveAsync<string>(async question =>
        {
            var asker = Sender;
            await Task.Yield();
            await Task.Delay(1);
            Assert.Same(asker, Sender);
            Sender.Tell("answer to " + question);
        });
    }

    private sealed class FaultingAsyncActor : ReceiveActor
    {
        public FaultingAsyncActor()
        {
            ReceiveAsync<string>(async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async boom");
            }, s => s == "fail");
            Receive<string>(s => Sender.Tell(s));
        }
    }

    private sealed class UntypedRunner(Task gate) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            var sender = Sender;
            sender.Tell(message);
            if ((int)message == 1)
            {
                RunTask(async () =>
                {
                    await gate;
                    sender.Tell(-1);
                });
            }
        }
    }
}
