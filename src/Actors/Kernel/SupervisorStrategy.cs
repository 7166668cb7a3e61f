using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Kernel;

/// <summary>How a parent decides about a failed child.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>Restart on any exception, except stop on a failed start, on <see cref="Kill"/> and on a death pact.</summary>
    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stop on any exception.</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>The decisions of <see cref="DefaultStrategy"/>.</summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>; negative means unlimited.</summary>
    public abstract int MaxNumberOfRetries { get; }

    /// <summary>The window restarts are counted in; infinite means forever.</summary>
    public abstract TimeSpan WithinTimeRange { get; }

    /// <summary>The directive for <paramref name="cause"/>.</summary>
    public abstract Directive Decide(Exception cause);

    /// <summary>Logs a child's failure with the decision taken (resume: warning; otherwise: error).</summary>
    internal void LogFailure(ILogger log, IActorRef child, Exception cause, Directive directive)
    {
        var level = directive == Directive.Resume ? LogLevel.Warning : LogLevel.Error;
        log.Log(level, cause, "Actor {Path} failed ({Directive}): {Reason}", child.Path, directive, cause.Message);
    }
}

/// <summary>Applies the decision to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Maps a failure to a directive.</summary>
    private readonly Func<Exception, Directive> _decider;

    /// <summary>A strategy allowing at most <paramref name="maxNrOfRetries"/> restarts within <paramref name="withinTimeRange"/>.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed in the window; negative: unlimited; 0: the first restart stops the child.</param>
    /// <param name="withinTimeRange">The window; <see cref="Timeout.InfiniteTimeSpan"/>: forever.</param>
    /// <param name="decider">Maps a failure to a directive.</param>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (withinTimeRange <= TimeSpan.Zero && withinTimeRange != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(withinTimeRange), "The window must be positive or infinite.");
        }
        MaxNumberOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        _decider = decider;
    }

    /// <summary>A strategy with unlimited restarts.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    /// <inheritdoc />
    public override int MaxNumberOfRetries { get; }

    /// <inheritdoc />
    public override TimeSpan WithinTimeRange { get; }

    /// <inheritdoc />
    public override Directive Decide(Exception cause) => _decider(cause);
}
