namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// The temporary sender of an <c>Ask</c>: its first message completes the task (typed here, so no wrapper
/// task is needed); a timeout or cancellation completes it first, and anything arriving afterwards is a
/// dead letter.
/// </summary>
internal sealed class PromiseActorRef<T> : InternalActorRef
{
    /// <summary>The ask's outcome.</summary>
    private readonly TaskCompletionSource<T> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The system, for dead letters and the path.</summary>
    private readonly ActorSystem _system;

    /// <summary>Who was asked (for the timeout message).</summary>
    private readonly IActorRef _target;

    /// <summary>What was asked (for the timeout message).</summary>
    private readonly object _question;

    /// <summary>The ask's timeout (for the timeout message).</summary>
    private readonly TimeSpan _timeout;

    /// <summary>The number in <c>/temp/$n</c>.</summary>
    private readonly long _id;

    /// <summary>Fires the timeout; disposed once the promise completes.</summary>
    private readonly ITimer _timer;

    /// <summary>The caller's cancellation, unregistered once the promise completes.</summary>
    private readonly CancellationTokenRegistration _cancellation;

    /// <summary>Built on first use: most asks never show their path.</summary>
    private ActorPath? _path;

    public PromiseActorRef(ActorSystem system, IActorRef target, object question, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _system = system;
        _target = target;
        _question = question;
        _timeout = timeout;
        _id = system.NextTempId();
        // Armed after the field is set, so the callback never sees a half-built promise.
        _timer = system.TimeProvider.CreateTimer(static state => ((PromiseActorRef<T>)state!).Expire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(timeout, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static state => ((PromiseActorRef<T>)state!).Cancel(), this);
        }
    }

    public Task<T> Task => _promise.Task;

    public override ActorPath Path => _path ??= _system.TempPath.Child("$" + _id.ToString(global::System.Globalization.CultureInfo.InvariantCulture));

    public override ActorSystem System => _system;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        var accepted = message switch
        {
            Status.Failure failure => Complete(default, failure.Cause),
            T typed => Complete(typed, null),
            _ => Complete(default, new InvalidCastException(
                $"Ask to {_target.Path} expected a {typeof(T).Name} but the reply was a {message.GetType().Name}: {message}")),
        };
        if (!accepted)
        {
            _system.DeadLetterRef.Deliver(message, sender, this);
        }
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        // A promise lives until it completes; watchers of a completed one hear at once.
        if (message is Watch watch && _promise.Task.IsCompleted)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, existenceConfirmed: true));
        }
    }

    private void Expire() => Complete(default, new AskTimeoutException(
        $"Ask timed out on {_target.Path} after {_timeout.TotalMilliseconds:0} ms waiting for a reply to {_question.GetType().Name}."));

    private void Cancel() => Complete(default, new TaskCanceledException("The ask was cancelled."));

    /// <summary>Fails the ask at once (the question could not even be delivered).</summary>
    public void Fail(Exception failure) => Complete(default, failure);

    private bool Complete(T? result, Exception? failure)
    {
        var completed = failure is null ? _promise.TrySetResult(result!) : _promise.TrySetException(failure);
        if (completed)
        {
            _timer.Dispose();
            _cancellation.Dispose();
        }
        return completed;
    }
}
