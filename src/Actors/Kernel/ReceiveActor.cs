using ActorRpc.Actors.Kernel.Dispatch;

namespace ActorRpc.Actors.Kernel;

/// <summary>
/// An actor whose behaviour is a list of typed handlers, registered in its constructor (or inside
/// <see cref="Become(Action)"/>); the first handler whose type and predicate match a message gets it.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    /// <summary>Where <c>Receive…</c> calls add handlers; null outside the constructor and Become's configure action.</summary>
    private HandlerSet? _building;

    /// <summary>The handlers registered by the constructor.</summary>
    private readonly HandlerSet _initial;

    /// <summary>Starts the handler list the constructor fills.</summary>
    protected ReceiveActor()
    {
        _initial = new HandlerSet(Cell);
        _building = _initial;
    }

    internal sealed override Receive InitialBehavior => _initial.Handle;

    internal sealed override void OnConstructed() => _building = null;

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    protected void Receive<T>(Action<T> handler) => Add(new SyncHandler<T>(handler, null));

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="shouldHandle"/> is true.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => Add(new SyncHandler<T>(handler, shouldHandle));

    /// <summary>Handles messages of type <typeparamref name="T"/> asynchronously: the next message waits until the task completes.</summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) => Add(new AsyncHandler<T>(handler, shouldHandle));

    /// <summary>Handles any message no earlier handler took.</summary>
    protected void ReceiveAny(Action<object> handler) => Add(new SyncHandler<object>(handler, null));

    /// <summary>Handles any message no earlier handler took, asynchronously.</summary>
    protected void ReceiveAnyAsync(Func<object, Task> handler) => Add(new AsyncHandler<object>(handler, null));

    /// <summary>Replaces the current behaviour with the handlers <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure).Handle);

    /// <summary>Pushes the handlers <paramref name="configure"/> registers over the current behaviour.</summary>
    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure).Handle);

    /// <summary>Returns to the behaviour below the current one.</summary>
    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    private HandlerSet Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = _building;
        var set = new HandlerSet(Cell);
        _building = set;
        try
        {
            configure();
        }
        finally
        {
            _building = previous;
        }
        return set;
    }

    private void Add(Handler handler)
    {
        if (_building is null)
        {
            throw new InvalidOperationException("Receive handlers can only be registered in the constructor or inside Become's configure action.");
        }
        _building.Add(handler);
    }

    /// <summary>One behaviour: handlers in registration order.</summary>
    private sealed class HandlerSet(ActorCell cell)
    {
        /// <summary>The handlers; grown only while the behaviour is being built.</summary>
        private Handler[] _handlers = [];

        public void Add(Handler handler) => _handlers = [.. _handlers, handler];

        public bool Handle(object message)
        {
            foreach (var handler in _handlers)
            {
                if (handler.TryHandle(message, cell))
                {
                    return true;
                }
            }
            return false;
        }
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message, ActorCell cell);
    }

    private sealed class SyncHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message, ActorCell cell)
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                handler(typed);
                return true;
            }
            return false;
        }
    }

    private sealed class AsyncHandler<T>(Func<T, Task> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message, ActorCell cell)
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                cell.RunAsyncHandler(handler, typed);
                return true;
            }
            return false;
        }
    }
}
