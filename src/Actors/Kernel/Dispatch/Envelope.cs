using System.Diagnostics;

namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// A user message with its sender and the <see cref="System.Diagnostics.Activity"/> (trace) it was sent
/// under, as it sits in a mailbox (a struct: no allocation per send).
/// </summary>
internal readonly struct Envelope(object message, IActorRef? sender, Activity? activity = null)
{
    /// <summary>The message.</summary>
    public object Message { get; } = message;

    /// <summary>The sender, or null for none.</summary>
    public IActorRef? Sender { get; } = sender;

    /// <summary>The trace the message belongs to: current again while the receiver processes it.</summary>
    public Activity? Activity { get; } = activity;
}
