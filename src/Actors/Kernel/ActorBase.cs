using ActorRpc.Actors.Kernel.Dispatch;

namespace ActorRpc.Actors.Kernel;

/// <summary>
/// The base of every actor. An instance is made by its <see cref="Props"/> inside <c>ActorOf</c> (never with
/// <c>new</c> elsewhere) and sees one message at a time.
/// </summary>
public abstract class ActorBase
{
    /// <summary>The cell running this instance.</summary>
    private readonly ActorCell _cell;

    /// <summary>Captures the cell that is constructing this instance.</summary>
    /// <exception cref="InvalidOperationException">The actor was created with <c>new</c> outside of <c>Props</c>.</exception>
    protected ActorBase()
    {
        _cell = ActorCell.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} must be created through ActorOf(Props), not with new.");
    }

    /// <summary>This actor's context: self, sender, children, watch, become, receive timeout.</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor's reference.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the current message (dead letters when it had none).</summary>
    protected IActorRef Sender => _cell.Sender;

    internal ActorCell Cell => _cell;

    internal abstract Receive InitialBehavior { get; }

    /// <summary>Called once the constructor has returned; subclasses seal their configuration here.</summary>
    internal virtual void OnConstructed()
    {
    }

    /// <summary>Runs before the first message (and, by default, after a restart).</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs once the actor and all its children have stopped.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>Runs on the failed instance before it is replaced. Default: stop all children, then <see cref="PostStop"/>.</summary>
    /// <param name="reason">The failure.</param>
    /// <param name="message">The message being processed when it failed, if any.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Stop(child);
        }
        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart. Default: <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>
    /// Called for a message no behaviour handled. Default: an unhandled <see cref="Terminated"/> throws
    /// <see cref="DeathPactException"/>; anything else is published as <see cref="UnhandledMessage"/> and logged.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }
        _cell.PublishUnhandled(message);
    }

    /// <summary>How this actor supervises its children. Default: <see cref="Kernel.SupervisorStrategy.DefaultStrategy"/>.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Kernel.SupervisorStrategy.DefaultStrategy;

    internal SupervisorStrategy SupervisorStrategyInternal() => SupervisorStrategy();

    internal void AroundPreStart() => PreStart();

    internal void AroundPostStop() => PostStop();

    internal void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void AroundPostRestart(Exception reason) => PostRestart(reason);

    internal void AroundUnhandled(object message) => Unhandled(message);
}
