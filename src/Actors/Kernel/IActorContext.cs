namespace ActorRpc.Actors.Kernel;

/// <summary>A message handler: returns <see langword="true"/> when it handled the message.</summary>
public delegate bool Receive(object message);

/// <summary>What an actor may see and do about itself. Valid only on the actor's own turn.</summary>
public interface IActorContext : IActorRefFactory
{
    /// <summary>This actor.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the current message (dead letters when it had none).</summary>
    IActorRef Sender { get; }

    /// <summary>The supervising parent.</summary>
    IActorRef Parent { get; }

    /// <summary>The props this actor was made from.</summary>
    Props Props { get; }

    /// <summary>The system this actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>The live children.</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>The child named <paramref name="name"/>, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    /// <summary>Stops <paramref name="actor"/> (a child, or this actor itself) after its current message.</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> to this actor once <paramref name="actor"/> stops (at once if it is already gone).</summary>
    IActorRef Watch(IActorRef actor);

    /// <summary>Stops watching <paramref name="actor"/>; a <see cref="Terminated"/> not yet processed is dropped.</summary>
    IActorRef Unwatch(IActorRef actor);

    /// <summary>The current receive timeout, if any.</summary>
    TimeSpan? ReceiveTimeout { get; }

    /// <summary>Delivers <see cref="Kernel.ReceiveTimeout"/> after <paramref name="timeout"/> without messages; <see langword="null"/> turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    /// <summary>Replaces the current behaviour with <paramref name="receive"/>.</summary>
    void Become(Receive receive);

    /// <summary>Pushes <paramref name="receive"/> over the current behaviour; <see cref="UnbecomeStacked"/> pops it.</summary>
    void BecomeStacked(Receive receive);

    /// <summary>Returns to the behaviour below the current one (never pops the initial behaviour).</summary>
    void UnbecomeStacked();
}

/// <summary>Something that can create actors: the system (top-level actors) or a context (children).</summary>
public interface IActorRefFactory
{
    /// <summary>Creates an actor from <paramref name="props"/>; a name is generated when <paramref name="name"/> is null.</summary>
    /// <exception cref="InvalidActorNameException">The name is malformed or already taken.</exception>
    IActorRef ActorOf(Props props, string? name = null);
}
