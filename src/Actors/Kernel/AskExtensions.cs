using ActorRpc.Actors.Kernel.Dispatch;

namespace ActorRpc.Actors.Kernel;

/// <summary>Request–response over messages, and stopping with confirmation.</summary>
public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and completes with the first reply.
    /// A <see cref="Status.Failure"/> reply faults the task with its cause; a reply that is not a
    /// <typeparamref name="T"/> faults it with <see cref="InvalidCastException"/>; no reply within
    /// <paramref name="timeout"/> faults it with <see cref="AskTimeoutException"/>; a reply arriving later
    /// is a dead letter. A target whose bounded mailbox is full faults the task at once with
    /// <see cref="MailboxFullException"/> rather than letting it time out.
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An ask needs a positive, finite timeout.");
        }
        var system = (target as InternalActorRef)?.System
            ?? throw new ArgumentException($"{target} is not a reference made by this kernel.", nameof(target));
        var promise = new PromiseActorRef<T>(system, target, message, timeout, cancellationToken);
        if (target is not LocalActorRef local)
        {
            target.Tell(message, promise);
        }
        else if (!local.TryTell(message, promise))
        {
            if (local.Cell.Mailbox.IsClosed)
            {
                // Stopped: a dead letter, and the ask times out as it would for any unanswered question.
                system.DeadLetterRef.Deliver(message, promise, target);
            }
            else
            {
                promise.Fail(new MailboxFullException($"{target.Path} is overloaded: its mailbox is full."));
            }
        }
        return promise.Task;
    }

    /// <summary>As <see cref="Ask{T}"/>, returning the reply whatever its type.</summary>
    public static Task<object> Ask(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Ask<object>(target, message, timeout, cancellationToken);

    /// <summary>
    /// Sends <see cref="PoisonPill"/> (after the messages already queued) and completes with true once the
    /// actor has stopped, or false if it has not within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(target);
        var cell = target switch
        {
            LocalActorRef local => local.Cell,
            RoutedActorRef routed => routed.Cell,
            _ => throw new ArgumentException($"{target} is not a local actor of this kernel.", nameof(target)),
        };
        var stopped = cell.WhenStopped;
        target.Tell(PoisonPill.Instance, null);
        try
        {
            await stopped.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
