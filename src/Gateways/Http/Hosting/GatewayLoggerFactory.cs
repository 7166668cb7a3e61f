using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Http.Hosting;

/// <summary>
/// The host's logger factory as the gateway's web application sees it: ASP.NET Core's own categories log
/// warnings and above only. Its per-request lines would flood the node's log and would carry the
/// <c>?password=</c> query string into the log, and from there into <c>/Api/Log</c>.
/// </summary>
internal sealed class GatewayLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>The categories kept quiet.</summary>
    private const string QuietPrefix = "Microsoft.AspNetCore";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith(QuietPrefix, StringComparison.Ordinal) ? new WarningsOnlyLogger(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The host owns the inner factory.</summary>
    public void Dispose()
    {
    }

    /// <summary>Passes on warnings and above.</summary>
    private sealed class WarningsOnlyLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
