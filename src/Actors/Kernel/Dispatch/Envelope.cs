namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>A user message with its sender, as it sits in a mailbox (a struct: no allocation per send).</summary>
internal readonly struct Envelope(object message, IActorRef? sender)
{
    /// <summary>The message.</summary>
    public object Message { get; } = message;

    /// <summary>The sender, or null for none.</summary>
    public IActorRef? Sender { get; } = sender;
}
