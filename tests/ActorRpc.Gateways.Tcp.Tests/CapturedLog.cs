using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>Keeps every log line of a node under test, to assert what it logged and at which level.</summary>
public sealed class CapturedLog : ILoggerFactory
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Lines => [.. _lines];

    /// <summary>Lines at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<(LogLevel Level, string Category, string Text)> AtLeast(LogLevel level) => [.. _lines.Where(line => line.Level >= level)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log._lines.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? string.Empty : "\n" + exception)));
    }
}
