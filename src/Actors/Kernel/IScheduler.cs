namespace ActorRpc.Actors.Kernel;

/// <summary>Something scheduled that can be cancelled.</summary>
public interface ICancelable
{
    /// <summary>True once <see cref="Cancel"/> was called (or the system stopped).</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Cancels what has not run yet; idempotent.</summary>
    void Cancel();
}

/// <summary>Sends messages later, once or repeatedly. Everything scheduled is cancelled when the system stops.</summary>
public interface IScheduler
{
    /// <summary>Tells <paramref name="receiver"/> <paramref name="message"/> after <paramref name="delay"/>.</summary>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Tells <paramref name="receiver"/> <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Runs <paramref name="action"/> on the thread pool after <paramref name="delay"/>; it must not touch actor state.</summary>
    ICancelable ScheduleOnce(TimeSpan delay, Action action);
}
