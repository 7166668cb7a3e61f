namespace ActorRpc.Actors.Kernel;

/// <summary>A name was refused: malformed, reserved, or already taken by a sibling.</summary>
public sealed class InvalidActorNameException(string message) : Exception(message);

/// <summary>An <c>Ask</c> got no reply within its timeout.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);

/// <summary>Thrown inside an actor that received <see cref="Kill"/>; the default strategy stops it.</summary>
public sealed class ActorKilledException(string message) : Exception(message);

/// <summary>
/// Thrown inside an actor that received <see cref="Terminated"/> for an actor it watches without handling
/// the message; the default strategy stops it (the watcher dies with the watched).
/// </summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"Monitored actor {deadActor.Path} terminated and the Terminated message was not handled.")
{
    /// <summary>The watched actor that terminated.</summary>
    public IActorRef DeadActor { get; } = deadActor;
}

/// <summary>
/// The actor's constructor or <c>PreStart</c> (or <c>PostRestart</c>) failed; the default strategy stops
/// such an actor rather than restart it in a loop.
/// </summary>
public sealed class ActorInitializationException(IActorRef actor, string message, Exception cause)
    : Exception(message, cause)
{
    /// <summary>The actor that failed to start.</summary>
    public IActorRef Actor { get; } = actor;
}

/// <summary>A stash was used wrongly: the same message stashed twice.</summary>
public sealed class IllegalActorStateException(string message) : Exception(message);

/// <summary>A message was refused because the receiver's bounded mailbox is full: the receiver is overloaded.</summary>
public sealed class MailboxFullException(string message) : Exception(message);
