namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>What every reference the kernel makes can do beyond <see cref="IActorRef"/>.</summary>
internal abstract class InternalActorRef : IActorRef
{
    /// <inheritdoc />
    public abstract ActorPath Path { get; }

    /// <summary>The system the referenced actor belongs to.</summary>
    public abstract ActorSystem System { get; }

    /// <inheritdoc />
    public abstract void Tell(object message, IActorRef? sender);

    /// <summary>Delivers a kernel message; to a stopped actor it is answered as the kernel requires (e.g. Watch).</summary>
    public abstract void SendSystemMessage(SystemMessage message);

    /// <inheritdoc />
    public override string ToString() => $"[{Path}]";
}
