using Microsoft.Extensions.Logging;

namespace ActorRpc.Gateways.Http.Logging;

/// <summary>
/// A logger provider that keeps the last <see cref="Capacity"/> formatted log lines in memory and hands every
/// new line to its subscribers (the <c>/Api/NLog</c> and <c>/Api/Log</c> WebSocket sessions). Registered by
/// <c>AddHttpGateway</c>; add it to any logging builder with <c>AddProvider</c>. Lines have ASF's five fields,
/// <c>2025-01-31 12:00:00|ActorRpc-1234|INFO|Category|message</c> (local time, process name and id, level, category,
/// message), followed by the exception if there is one.
/// </summary>
public sealed class LogHistory : ILoggerProvider
{
    /// <summary>The number of lines kept unless told otherwise.</summary>
    public const int DefaultCapacity = 100;

    /// <summary>The last lines, oldest first.</summary>
    private readonly Queue<string> _lines;

    /// <summary>Guards <see cref="_lines"/> and orders replay against new lines.</summary>
    private readonly Lock _lock = new();

    /// <summary>The clock of the timestamps.</summary>
    private readonly TimeProvider _time;

    /// <summary>Who gets new lines; copied on write.</summary>
    private Action<string>[] _subscribers = [];

    /// <summary>Creates an empty history.</summary>
    /// <param name="capacity">How many lines to keep (at least 1).</param>
    /// <param name="minimumLevel">The least severe level kept.</param>
    /// <param name="time">The clock of the timestamps (local time); the system clock by default.</param>
    public LogHistory(int capacity = DefaultCapacity, LogLevel minimumLevel = LogLevel.Information, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        MinimumLevel = minimumLevel;
        _time = time ?? TimeProvider.System;
        _lines = new Queue<string>(capacity);
    }

    /// <summary>How many lines are kept.</summary>
    public int Capacity { get; }

    /// <summary>The least severe level kept.</summary>
    public LogLevel MinimumLevel { get; }

    /// <summary>The lines kept now, oldest first.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>How many subscriptions are open (for tests: a closed session must not leak one).</summary>
    internal int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>
    /// Calls <paramref name="onLine"/> with every kept line, oldest first, then with each new line as it is
    /// written, until the returned subscription is disposed. No line is missed or repeated between the two.
    /// The callback runs on the logging thread under the history's lock: it must only hand the line on
    /// (e.g. <c>Tell</c> it to an actor).
    /// </summary>
    public IDisposable Subscribe(Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        lock (_lock)
        {
            // From a copy: a callback that logs re-enters this (reentrant) lock and adds to the queue.
            foreach (var line in _lines.ToArray())
            {
                onLine(line);
            }
            _subscribers = [.. _subscribers, onLine];
        }
        return new Subscription(this, onLine);
    }

    /// <summary>Adds a formatted line, dropping the oldest beyond <see cref="Capacity"/>, and hands it to the subscribers.</summary>
    public void Add(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_lock)
        {
            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
            }
            _lines.Enqueue(line);
            foreach (var subscriber in _subscribers)
            {
                subscriber(line);
            }
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new LogHistoryLogger(this, categoryName);

    /// <summary>Nothing to release: the history stays readable after the logging system is gone.</summary>
    public void Dispose()
    {
    }

    /// <summary>Formats and adds one entry.</summary>
    internal void Add(string category, LogLevel level, string message, Exception? exception)
    {
        var line = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_time.GetLocalNow():yyyy-MM-dd HH:mm:ss}|{s_process}|{LevelName(level)}|{category}|{message}");
        Add(exception is null ? line : $"{line} {exception}");
    }

    /// <summary>The line's second field, as ASF's <c>processname-processid</c>.</summary>
    private static readonly string s_process = "ActorRpc-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    private void Unsubscribe(Action<string> onLine)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, onLine))];
        }
    }

    /// <summary>Ends one subscription.</summary>
    private sealed class Subscription(LogHistory history, Action<string> onLine) : IDisposable
    {
        /// <summary>Set once disposed.</summary>
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                history.Unsubscribe(onLine);
            }
        }
    }
}
