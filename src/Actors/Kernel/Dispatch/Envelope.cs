using System.Diagnostics;

namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>A user message with its sender, as it sits in a mailbox (a struct: no allocation per send).</summary>
internal readonly struct Envelope(object message, IActorRef? sender)
{
    /// <summary>The message (a <see cref="TracedMessage"/> while in the mailbox, when sent under a trace).</summary>
    public object Message { get; } = message;

    /// <summary>The sender, or null for none.</summary>
    public IActorRef? Sender { get; } = sender;

    /// <summary>
    /// Wraps <paramref name="message"/> with the current <see cref="Activity"/>, if any: only traced sends pay
    /// for carrying the trace, and envelopes stay two references wide (mailbox memory is per actor).
    /// </summary>
    public static Envelope Capture(object message, IActorRef? sender) =>
        Activity.Current is { IsStopped: false } activity ? new Envelope(new TracedMessage(message, activity), sender) : new Envelope(message, sender);

    /// <summary>This envelope without its trace wrapper.</summary>
    public Envelope Unwrapped => Message is TracedMessage traced ? new Envelope(traced.Message, Sender) : this;
}

/// <summary>A message sent while an <see cref="System.Diagnostics.Activity"/> was current; the receiver handles it under that activity.</summary>
internal sealed class TracedMessage(object message, Activity activity)
{
    public object Message { get; } = message;

    public Activity Activity { get; } = activity;
}
