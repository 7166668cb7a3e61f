using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// Logs undelivered or unhandled messages: at most <c>limit</c> lines per interval, then one line saying
/// how many were not logged. None is ever dropped silently; a flood does not flood the log.
/// </summary>
internal sealed class RateLimitedLog(ILogger logger, string what, int limit, TimeSpan interval, TimeProvider time)
{
    /// <summary>Guards the counters (contention only during floods, which is when it is taken at all).</summary>
    private readonly Lock _lock = new();

    /// <summary>Start of the current interval (TimeProvider timestamp).</summary>
    private long _windowStart = time.GetTimestamp();

    /// <summary>Lines logged in the current interval.</summary>
    private int _logged;

    /// <summary>Messages not logged since the last summary.</summary>
    private long _suppressed;

    /// <summary>All messages ever reported.</summary>
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Log(object message, IActorRef? sender, IActorRef recipient)
    {
        long suppressed;
        lock (_lock)
        {
            _total++;
            if (time.GetElapsedTime(_windowStart) >= interval)
            {
                _windowStart = time.GetTimestamp();
                _logged = 0;
            }
            if (_logged >= limit)
            {
                _suppressed++;
                return;
            }
            _logged++;
            suppressed = _suppressed;
            _suppressed = 0;
        }
        if (suppressed > 0)
        {
            logger.LogWarning("{Count} more {What} were not logged (at most {Limit} lines every {Interval})", suppressed, what, limit, interval);
        }
        logger.LogInformation("{What}: {MessageType} from {Sender} to {Recipient}: {Message}",
            what, message.GetType().Name, sender?.Path.ToString() ?? "no sender", recipient.Path, message);
    }
}
