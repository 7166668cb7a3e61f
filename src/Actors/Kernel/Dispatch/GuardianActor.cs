namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>The actor of <c>/</c>, <c>/user</c> and <c>/system</c>: it only supervises.</summary>
internal sealed class GuardianActor(SupervisorStrategy strategy) : ActorBase
{
    internal override Receive InitialBehavior => static _ => false;

    protected override SupervisorStrategy SupervisorStrategy() => strategy;
}
