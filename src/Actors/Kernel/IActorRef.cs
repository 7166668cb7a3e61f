namespace ActorRpc.Actors.Kernel;

/// <summary>An immutable, thread-safe handle to an actor: the only way to reach it.</summary>
public interface IActorRef
{
    /// <summary>Where the actor lives in its system's hierarchy.</summary>
    ActorPath Path { get; }

    /// <summary>Enqueues <paramref name="message"/> for the actor; never blocks, never throws for a dead target.</summary>
    /// <param name="message">The message; it should be immutable.</param>
    /// <param name="sender">Who replies go to, or <see langword="null"/> for no one (replies become dead letters).</param>
    void Tell(object message, IActorRef? sender);
}
