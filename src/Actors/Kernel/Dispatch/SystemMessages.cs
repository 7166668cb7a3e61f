namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// Kernel-internal messages (lifecycle, supervision, death watch). They travel in their own queue and are
/// processed before user messages, also while an actor is suspended after a failure.
/// </summary>
internal abstract class SystemMessage;

/// <summary>First message of every cell: construct the actor and run <c>PreStart</c>.</summary>
internal sealed class Create : SystemMessage
{
    public static readonly Create Instance = new();
}

/// <summary>Stop: children first, then <c>PostStop</c>, then tell watchers and the parent.</summary>
internal sealed class Terminate : SystemMessage
{
    public static readonly Terminate Instance = new();
}

/// <summary>The supervisor's Restart directive.</summary>
internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>The supervisor's Resume directive.</summary>
internal sealed class Resume : SystemMessage
{
    public static readonly Resume Instance = new();
}

/// <summary>Child to parent: I failed with <see cref="Cause"/> and am suspended until you decide.</summary>
internal sealed class Failed(InternalActorRef child, Exception cause) : SystemMessage
{
    public InternalActorRef Child { get; } = child;

    public Exception Cause { get; } = cause;
}

/// <summary><see cref="Watcher"/> asks <see cref="Watchee"/> to tell it when it stops.</summary>
internal sealed class Watch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;

    public InternalActorRef Watcher { get; } = watcher;
}

/// <summary><see cref="Watcher"/> no longer wants to hear about <see cref="Watchee"/>.</summary>
internal sealed class Unwatch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;

    public InternalActorRef Watcher { get; } = watcher;
}

/// <summary>A watched actor has stopped; becomes a <see cref="Terminated"/> user message at the watcher.</summary>
internal sealed class DeathWatchNotification(IActorRef actor, bool existenceConfirmed) : SystemMessage
{
    public IActorRef Actor { get; } = actor;

    public bool ExistenceConfirmed { get; } = existenceConfirmed;
}

/// <summary>Child to parent: I have stopped (after all my own children).</summary>
internal sealed class ChildTerminated(InternalActorRef child) : SystemMessage
{
    public InternalActorRef Child { get; } = child;
}
