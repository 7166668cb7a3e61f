namespace ActorRpc.Actors.Kernel;

/// <summary>Messages set aside to be processed later, in their original order.</summary>
public interface IStash
{
    /// <summary>Sets the current message aside.</summary>
    /// <exception cref="IllegalActorStateException">The current message is already stashed.</exception>
    void Stash();

    /// <summary>Puts every stashed message back at the front of the mailbox, oldest first.</summary>
    void UnstashAll();

    /// <summary>Puts the oldest stashed message back at the front of the mailbox.</summary>
    void Unstash();

    /// <summary>How many messages are stashed.</summary>
    int Count { get; }
}

/// <summary>Actors implementing this get an <see cref="IStash"/>, set by the kernel right after construction.</summary>
public interface IWithStash
{
    /// <summary>Set by the kernel.</summary>
    IStash Stash { get; set; }
}
