namespace ActorRpc.Actors.Kernel;

/// <summary>Well-known references.</summary>
public static class ActorRefs
{
    /// <summary>No sender: replies to it become dead letters.</summary>
    public static readonly IActorRef? NoSender;

    /// <summary>A reference to no actor; what <see cref="IActorContext.Child"/> returns for an unknown name. Messages to it are dropped.</summary>
    public static readonly IActorRef Nobody = new NobodyRef();

    private sealed class NobodyRef : IActorRef
    {
        public ActorPath Path { get; } = ActorPath.CreateRoot("nobody");

        public void Tell(object message, IActorRef? sender)
        {
        }

        public override string ToString() => "Nobody";
    }
}
