using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Http.Logging;

/// <summary>One category's logger writing into a <see cref="LogHistory"/>.</summary>
internal sealed class LogHistoryLogger(LogHistory history, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= history.MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        ArgumentNullException.ThrowIfNull(formatter);
        history.Add(category, logLevel, formatter(state, exception), exception);
    }
}
