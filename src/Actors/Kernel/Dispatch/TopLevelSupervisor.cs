using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// The parent of the root guardian: takes the root's last messages (its failure, its stop) so the hierarchy
/// needs no special case at the top.
/// </summary>
internal sealed class TopLevelSupervisor(ActorSystem system) : InternalActorRef
{
    public override ActorPath Path { get; } = ActorPath.CreateRoot(system.Name).Child("bubble-walker");

    public override ActorSystem System => system;

    public override void Tell(object message, IActorRef? sender) => system.DeadLetterRef.Deliver(message, sender, this);

    public override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case Failed failed:
                system.KernelLog.LogCritical(failed.Cause, "The root guardian failed; stopping the actor system");
                failed.Child.SendSystemMessage(Terminate.Instance);
                break;
            case ChildTerminated:
                system.OnRootStopped();
                break;
        }
    }
}
