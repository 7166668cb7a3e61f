namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>Where undeliverable messages go: published as <see cref="DeadLetter"/> on the event stream and logged.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;

    public override ActorSystem System => system;

    public override void Tell(object message, IActorRef? sender) => Deliver(message, sender, this);

    public void Deliver(object message, IActorRef? sender, IActorRef recipient)
    {
        if (message is DeadLetter deadLetter)
        {
            // A dead letter about a dead letter (e.g. to a stopped subscriber): log only, never loop.
            system.DeadLetterLog.Log(deadLetter.Message, deadLetter.Sender, deadLetter.Recipient);
            return;
        }
        system.DeadLetterLog.Log(message, sender, recipient);
        system.EventStream.Publish(new DeadLetter(message, sender ?? this, recipient));
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(watch.Watchee, existenceConfirmed: false));
        }
    }
}
