using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Tcp;

/// <summary>
/// At most a budget of warnings per window, shared by every connection of a gateway: a client that fuzzes the port
/// gets its first complaints logged, then one line per window saying how many more were left out.
/// </summary>
internal sealed class LogThrottle(int budget, TimeSpan window, TimeProvider? clock = null)
{
    /// <summary>Where time comes from.</summary>
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Guards the counters.</summary>
    private readonly Lock _lock = new();

    /// <summary>When the current window began.</summary>
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;

    /// <summary>Warnings logged in the current window.</summary>
    private int _logged;

    /// <summary>Warnings left out in the current window.</summary>
    private long _suppressed;

    /// <summary>Logs the warning when the window's budget allows; otherwise counts it, and the first warning of a later window says how many were left out.</summary>
    public void Warn(ILogger log, string message, params object?[] arguments)
    {
        long leftOut;
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            leftOut = 0;
            if (now - _windowStart >= window)
            {
                leftOut = _suppressed;
                _windowStart = now;
                _logged = 0;
                _suppressed = 0;
            }
            if (_logged >= budget)
            {
                _suppressed++;
                return;
            }
            _logged++;
        }
        if (leftOut > 0)
        {
            log.LogWarning("{Count} more warnings about misbehaving TCP clients were left out in the last {Window}", leftOut, window);
        }
#pragma warning disable CA2254 // The templates are the callers' constants.
        log.LogWarning(message, arguments);
#pragma warning restore CA2254
    }
}
