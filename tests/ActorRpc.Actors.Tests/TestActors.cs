namespace ActorRpc.Actors.Tests;

/// <summary>Small actors shared by the kernel specs.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(message => Sender.Tell(message));
}

/// <summary>Reports its lifecycle hooks to a probe, and fails on demand.</summary>
internal sealed class LifecycleActor : ReceiveActor
{
    private readonly IActorRef _probe;
    private int _count;

    public LifecycleActor(IActorRef probe)
    {
        _probe = probe;
        _probe.Tell("constructed");
        Receive<string>(s => s == "count", _ => Sender.Tell(++_count));
        Receive<Exception>(ex => throw ex);
        Receive<string>(s => Sender.Tell(s));
    }

    protected override void PreStart() => _probe.Tell("preStart");

    protected override void PostStop() => _probe.Tell("postStop");

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell(new PreRestartCalled(reason.Message, message));
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell(new PostRestartCalled(reason.Message));
        base.PostRestart(reason);
    }
}

internal sealed record PreRestartCalled(string Reason, object? Message);

internal sealed record PostRestartCalled(string Reason);

/// <summary>A parent with a given strategy; creates children on request and forwards everything else to them.</summary>
internal sealed class SupervisorActor : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;

    public SupervisorActor(SupervisorStrategy strategy)
    {
        _strategy = strategy;
        Receive<Props>(props => Sender.Tell(Context.ActorOf(props)));
        Receive<Exception>(ex => throw ex);
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;
}
