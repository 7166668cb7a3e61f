using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>The scheduler on <see cref="TimeProvider"/> timers (one timer per schedule, cancelled at shutdown).</summary>
internal sealed class TimerScheduler(TimeProvider time, ILogger log) : IScheduler, IDisposable
{
    /// <summary>Live schedules, so shutdown can cancel them all.</summary>
    private readonly ConcurrentDictionary<Scheduled, byte> _live = new();

    /// <summary>Set at shutdown: later schedules are cancelled on creation.</summary>
    private volatile bool _disposed;

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        return Start(() => receiver.Tell(message, sender), delay, Timeout.InfiniteTimeSpan);
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Start(() => receiver.Tell(message, sender), initialDelay, interval);
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Start(action, delay, Timeout.InfiniteTimeSpan);
    }

    private Scheduled Start(Action action, TimeSpan due, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(due, TimeSpan.Zero);
        var scheduled = new Scheduled(this, action, period == Timeout.InfiniteTimeSpan);
        _live.TryAdd(scheduled, 0);
        scheduled.Arm(time, due, period);
        if (_disposed)
        {
            scheduled.Cancel();
        }
        return scheduled;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var scheduled in _live.Keys)
        {
            scheduled.Cancel();
        }
    }

    /// <summary>One schedule: its timer and action.</summary>
    private sealed class Scheduled(TimerScheduler owner, Action action, bool once) : ICancelable
    {
        /// <summary>The timer; null until armed.</summary>
        private ITimer? _timer;

        /// <summary>1 once cancelled (or, for a one-shot, once fired).</summary>
        private int _done;

        public bool IsCancellationRequested => Volatile.Read(ref _done) == 1;

        public void Arm(TimeProvider time, TimeSpan due, TimeSpan period)
        {
            _timer = time.CreateTimer(static state => ((Scheduled)state!).Fire(), this, due, period);
            if (IsCancellationRequested)
            {
                _timer.Dispose();
            }
        }

        private void Fire()
        {
            if (once && Interlocked.Exchange(ref _done, 1) == 1)
            {
                return;
            }
            if (!once && IsCancellationRequested)
            {
                return;
            }
            try
            {
                action();
            }
            catch (Exception ex)
            {
                owner.OnActionFailed(ex);
            }
            if (once)
            {
                Release();
            }
        }

        public void Cancel()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Release();
            }
        }

        private void Release()
        {
            _timer?.Dispose();
            owner._live.TryRemove(this, out _);
        }
    }

    private void OnActionFailed(Exception ex) => log.LogError(ex, "A scheduled action failed");
}
