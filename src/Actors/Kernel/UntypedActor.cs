namespace ActorRpc.Actors.Kernel;

/// <summary>An actor with one method for every message; call <see cref="ActorBase.Unhandled"/> for the ones it does not know.</summary>
public abstract class UntypedActor : ActorBase
{
    internal sealed override Receive InitialBehavior => message =>
    {
        OnReceive(message);
        return true;
    };

    /// <summary>Handles <paramref name="message"/>.</summary>
    protected abstract void OnReceive(object message);

    /// <summary>Replaces the current behaviour with <paramref name="receive"/> (which must call <c>Unhandled</c> itself).</summary>
    protected void Become(Action<object> receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        Context.Become(message =>
        {
            receive(message);
            return true;
        });
    }

    /// <summary>
    /// Runs an async piece of work on this actor's turn: the mailbox is held until the task completes, and
    /// an exception from it is a failure of this actor.
    /// </summary>
    protected void RunTask(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Cell.RunAsyncHandler(static w => w(), work);
    }
}
