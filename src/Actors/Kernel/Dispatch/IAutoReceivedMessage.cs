namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>User messages the cell handles itself before (or instead of) the actor's behaviour.</summary>
internal interface IAutoReceivedMessage;

/// <summary>
/// How the kernel delivers <see cref="Terminated"/> to a watcher: wrapped, so that a <see cref="Terminated"/>
/// a user sends or forwards is an ordinary message and only a real notification is checked against watches.
/// </summary>
internal sealed class DeathWatchTerminated(Terminated terminated) : IAutoReceivedMessage, INotInfluenceReceiveTimeout
{
    public Terminated Terminated { get; } = terminated;
}
