namespace ActorRpc.Actors.Kernel.Dispatch;

internal sealed partial class ActorCell
{
    /// <summary>The idle time after which <see cref="Kernel.ReceiveTimeout"/> is delivered; null when off.</summary>
    private TimeSpan? _receiveTimeout;

    /// <summary>The timer of the current setting; it fires once and is re-armed by the tick's handling.</summary>
    private ITimer? _receiveTimeoutTimer;

    /// <summary>Bumped on every setting, so ticks of an earlier setting are ignored.</summary>
    private int _receiveTimeoutGeneration;

    /// <summary>When the last message that counts as activity was processed (TimeProvider timestamp).</summary>
    private long _lastActivity;

    public TimeSpan? ReceiveTimeout => _receiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        CancelReceiveTimeout();
        if (timeout is not { } value || value <= TimeSpan.Zero || value == Timeout.InfiniteTimeSpan)
        {
            return;
        }
        _receiveTimeout = value;
        _lastActivity = _system.TimeProvider.GetTimestamp();
        var tick = new ReceiveTimeoutTick(_receiveTimeoutGeneration, _self);
        _receiveTimeoutTimer = _system.TimeProvider.CreateTimer(
            static state => ((ReceiveTimeoutTick)state!).Owner.Tell(state, null), tick, value, Timeout.InfiniteTimeSpan);
    }

    private void CancelReceiveTimeout()
    {
        _receiveTimeout = null;
        _receiveTimeoutGeneration++;
        _receiveTimeoutTimer?.Dispose();
        _receiveTimeoutTimer = null;
    }

    /// <summary>Per message: a timestamp, no timer work (the timer re-arms itself from the timestamp).</summary>
    private void NoteActivity(object message)
    {
        if (_receiveTimeout is not null && message is not INotInfluenceReceiveTimeout)
        {
            _lastActivity = _system.TimeProvider.GetTimestamp();
        }
    }

    private void HandleReceiveTimeoutTick(ReceiveTimeoutTick tick)
    {
        if (tick.Generation != _receiveTimeoutGeneration || _receiveTimeout is not { } timeout)
        {
            return;
        }
        var idle = _system.TimeProvider.GetElapsedTime(_lastActivity);
        if (idle >= timeout)
        {
            _lastActivity = _system.TimeProvider.GetTimestamp();
            _receiveTimeoutTimer?.Change(timeout, Timeout.InfiniteTimeSpan);
            DeliverToBehavior(Kernel.ReceiveTimeout.Instance);
        }
        else
        {
            _receiveTimeoutTimer?.Change(timeout - idle, Timeout.InfiniteTimeSpan);
        }
    }
}

/// <summary>The receive-timeout timer's message to its actor; checked against the latest activity when processed.</summary>
internal sealed class ReceiveTimeoutTick(int generation, IActorRef owner) : IAutoReceivedMessage, INotInfluenceReceiveTimeout
{
    public int Generation { get; } = generation;

    /// <summary>The actor the timer tells.</summary>
    public IActorRef Owner { get; } = owner;
}
