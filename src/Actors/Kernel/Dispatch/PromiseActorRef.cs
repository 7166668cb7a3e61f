namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// The temporary sender of an <c>Ask</c>: its first message completes the task; a timeout or cancellation
/// completes it first, and anything arriving afterwards is a dead letter.
/// </summary>
internal sealed class PromiseActorRef : InternalActorRef
{
    /// <summary>The ask's outcome.</summary>
    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The system, for dead letters and the path.</summary>
    private readonly ActorSystem _system;

    /// <summary>The number in <c>/temp/$n</c>.</summary>
    private readonly long _id;

    /// <summary>Fires the timeout; disposed once the promise completes.</summary>
    private readonly ITimer _timer;

    /// <summary>The caller's cancellation, unregistered once the promise completes.</summary>
    private readonly CancellationTokenRegistration _cancellation;

    /// <summary>Built on first use: most asks never show their path.</summary>
    private ActorPath? _path;

    public PromiseActorRef(ActorSystem system, IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _system = system;
        _id = system.NextTempId();
        _timer = system.TimeProvider.CreateTimer(
            static state =>
            {
                var (promise, target, message, timeout) = ((PromiseActorRef, IActorRef, object, TimeSpan))state!;
                promise.Complete(null, new AskTimeoutException(
                    $"Ask timed out on {target.Path} after {timeout.TotalMilliseconds:0} ms waiting for a reply to {message.GetType().Name}."));
            },
            (this, target, message, timeout),
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        _timer.Change(timeout, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(
                static state =>
                {
                    var (promise, token) = ((PromiseActorRef, CancellationToken))state!;
                    promise.Complete(null, new TaskCanceledException("The ask was cancelled.", null, token));
                },
                (this, cancellationToken));
        }
    }

    public Task<object> Task => _promise.Task;

    public override ActorPath Path => _path ??= _system.TempPath.Child("$" + _id.ToString(global::System.Globalization.CultureInfo.InvariantCulture));

    public override ActorSystem System => _system;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        var accepted = message is Status.Failure failure
            ? Complete(null, failure.Cause)
            : Complete(message, null);
        if (!accepted)
        {
            _system.DeadLetterRef.Deliver(message, sender, this);
        }
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            // A promise lives until it completes; watchers of a completed one hear at once.
            if (_promise.Task.IsCompleted)
            {
                watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, existenceConfirmed: true));
            }
        }
    }

    private bool Complete(object? result, Exception? failure)
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
