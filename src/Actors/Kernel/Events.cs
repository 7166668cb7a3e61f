namespace ActorRpc.Actors.Kernel;

/// <summary>A message that could not be delivered: its recipient had stopped (or never existed), or its mailbox was full.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender (dead letters when it had none).</param>
/// <param name="Recipient">Who it was for.</param>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient);

/// <summary>A message that reached its actor, but no behaviour of the actor handled it.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender (dead letters when it had none).</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient);
