namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>The reference to an actor of this process: a send is an enqueue into its mailbox.</summary>
internal sealed class LocalActorRef(ActorCell cell) : InternalActorRef
{
    public ActorCell Cell { get; } = cell;

    public override ActorPath Path => Cell.Path;

    public override ActorSystem System => Cell.System;

    public override void Tell(object message, IActorRef? sender)
    {
        if (!TryTell(message, sender))
        {
            Cell.System.DeadLetterRef.Deliver(message, sender, this);
        }
    }

    /// <summary>Enqueues; false when the actor has stopped or its bounded mailbox is full.</summary>
    public bool TryTell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Cell.Mailbox.Post(Envelope.Capture(message, sender));
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (!Cell.Mailbox.PostSystem(message))
        {
            Cell.HandleSystemMessageAfterStop(message);
        }
    }
}
