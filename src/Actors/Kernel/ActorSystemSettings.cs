using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRpc.Actors.Kernel;

/// <summary>Settings of an <see cref="ActorSystem"/>; immutable, with defaults fit for a node.</summary>
public sealed record ActorSystemSettings
{
    /// <summary>The defaults.</summary>
    public static readonly ActorSystemSettings Default = new();

    /// <summary>Where the kernel and actors log. Default: nowhere.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock of timers, the scheduler, receive timeouts and ask timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>User messages an actor processes per turn on a pool thread before yielding it (fairness).</summary>
    public int Throughput { get; init; } = 30;

    /// <summary>How <c>/user</c> supervises top-level actors; an Escalate from them stops them.</summary>
    public SupervisorStrategy GuardianSupervisorStrategy { get; init; } = SupervisorStrategy.DefaultStrategy;

    /// <summary>Dead-letter and unhandled-message log lines allowed per <see cref="LogInterval"/> (each kind).</summary>
    public int LogLinesPerInterval { get; init; } = 10;

    /// <summary>The rate-limiting window for dead-letter and unhandled-message logging.</summary>
    public TimeSpan LogInterval { get; init; } = TimeSpan.FromSeconds(10);
}
