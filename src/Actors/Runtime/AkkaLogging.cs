using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRpc.Actors.Runtime;

/// <summary>The <see cref="ILoggerFactory"/> Akka's own log events go to (see <see cref="AkkaLogger"/>).</summary>
public sealed class LoggerFactorySetup(ILoggerFactory loggerFactory) : Setup
{
    /// <summary>The factory Akka's log events are written to.</summary>
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;
}

/// <summary>
/// Akka's logger (<c>akka.loggers</c>) for the node: every Akka log event becomes a
/// Microsoft.Extensions.Logging entry in category <c>Akka.{source class}</c>, so Akka's lines (dead letters,
/// supervision failures, start-up) follow the node's log format, text or JSON, and its level filters. Akka's own
/// <c>akka.loglevel</c> filters first (INFO by default here).
/// </summary>
public sealed class AkkaLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;

    /// <summary>Made by Akka at start-up, once per system; reads the factory from the system's <see cref="LoggerFactorySetup"/>.</summary>
    public AkkaLogger()
    {
        _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value?.LoggerFactory ?? NullLoggerFactory.Instance;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private void Write(LogEvent logEvent)
    {
        var category = "Akka." + (logEvent.LogClass?.Name ?? "System");
        var log = _factory.CreateLogger(category);
        var level = logEvent.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => Microsoft.Extensions.Logging.LogLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
            Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
            _ => Microsoft.Extensions.Logging.LogLevel.Error,
        };
        if (log.IsEnabled(level))
        {
#pragma warning disable CA2254 // Akka's message is already formatted; its source is structured as a property.
            log.Log(level, logEvent.Cause, "[{AkkaSource}] " + EscapeBraces(logEvent.Message?.ToString() ?? string.Empty), logEvent.LogSource);
#pragma warning restore CA2254
        }
    }

    private static string EscapeBraces(string text) => text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
}
