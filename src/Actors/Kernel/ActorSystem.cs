using ActorRpc.Actors.Kernel.Dispatch;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Kernel;

/// <summary>
/// A hierarchy of actors under <c>/user</c> (yours) and <c>/system</c> (the kernel's), with its scheduler,
/// event stream and dead letters. Create one per process (or per test), and terminate it at the end.
/// </summary>
public sealed class ActorSystem : IActorRefFactory, IAsyncDisposable
{
    /// <summary>Completed when the whole hierarchy has stopped.</summary>
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The scheduler, disposed (every schedule cancelled) at termination.</summary>
    private readonly TimerScheduler _scheduler;

    /// <summary>The cell of <c>/</c>.</summary>
    private readonly ActorCell _root;

    /// <summary>The cell of <c>/user</c>.</summary>
    private readonly ActorCell _user;

    /// <summary>The cell of <c>/system</c>.</summary>
    private readonly ActorCell _systemGuardian;

    /// <summary>Source of <c>/temp</c> names.</summary>
    private long _nextTempId;

    /// <summary>1 once termination has begun.</summary>
    private int _terminating;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        LoggerFactory = settings.LoggerFactory;
        TimeProvider = settings.TimeProvider;
        StartTime = TimeProvider.GetUtcNow();
        KernelLog = LoggerFactory.CreateLogger("ActorRpc.Actors.Kernel");
        DeadLetterLog = new RateLimitedLog(LoggerFactory.CreateLogger("ActorRpc.Actors.Kernel.DeadLetters"), "dead letters", settings.LogLinesPerInterval, settings.LogInterval, TimeProvider);
        UnhandledLog = new RateLimitedLog(LoggerFactory.CreateLogger("ActorRpc.Actors.Kernel.Unhandled"), "unhandled messages", settings.LogLinesPerInterval, settings.LogInterval, TimeProvider);
        EventStream = new EventStream();
        _scheduler = new TimerScheduler(TimeProvider, KernelLog);

        var rootPath = ActorPath.CreateRoot(name);
        TempPath = rootPath.Child("temp");
        DeadLetterRef = new DeadLetterActorRef(this, rootPath.Child("deadLetters"));

        _root = new ActorCell(this, new TopLevelSupervisor(this), Props.Create(() => new GuardianActor(SupervisorStrategy.StoppingStrategy)), rootPath);
        _root.Attach(new LocalActorRef(_root));
        _root.Start();
        _user = ((LocalActorRef)_root.ActorOf(Props.Create(() => new GuardianActor(settings.GuardianSupervisorStrategy)), "user")).Cell;
        _systemGuardian = ((LocalActorRef)_root.ActorOf(Props.Create(() => new GuardianActor(SupervisorStrategy.DefaultStrategy)), "system")).Cell;
    }

    /// <summary>The system's name, the authority of its actor paths.</summary>
    public string Name { get; }

    /// <summary>The settings it was created with.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>Where the kernel and actors log.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The clock of every timer in the system.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>When the system was created.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>Delayed and periodic sends.</summary>
    public IScheduler Scheduler => _scheduler;

    /// <summary>The publish/subscribe bus (dead letters, unhandled messages).</summary>
    public EventStream EventStream { get; }

    /// <summary>Where undeliverable messages go; sending to it publishes a <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters => DeadLetterRef;

    /// <summary>Completes once <see cref="Terminate"/> has stopped every actor.</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>Dead letters seen so far (for metrics).</summary>
    public long DeadLetterCount => DeadLetterLog.Total;

    internal DeadLetterActorRef DeadLetterRef { get; }

    internal ActorPath TempPath { get; }

    internal ILogger KernelLog { get; }

    internal RateLimitedLog DeadLetterLog { get; }

    internal RateLimitedLog UnhandledLog { get; }

    /// <summary>Every live actor's mailbox, for the mailbox-depth metrics.</summary>
    internal MailboxRegistry Mailboxes { get; } = new();

    /// <summary>User messages waiting in all mailboxes, and in the deepest one.</summary>
    public (long Total, long Deepest) MailboxDepth() => Mailboxes.Depth();

    /// <summary>The sender of sends made outside any actor; the TestKit sets its test actor here.</summary>
    internal IActorRef? DefaultSender { get; set; }

    /// <summary>Creates and starts a system named <paramref name="name"/>.</summary>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ActorPath.ValidateName(name);
        return new ActorSystem(name, settings ?? ActorSystemSettings.Default);
    }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    /// <exception cref="InvalidActorNameException">The name is malformed or taken.</exception>
    /// <exception cref="InvalidOperationException">The system is terminating.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _user.ActorOf(props, name);

    /// <summary>Stops <paramref name="actor"/> after its current message; its children stop first.</summary>
    public void Stop(IActorRef actor) => _user.Stop(actor);

    /// <summary>
    /// Stops every actor, top-down: <c>/user</c> and everything under it first, then the kernel's own
    /// actors; each <c>PostStop</c> runs (children before parents), messages still queued become dead
    /// letters, and the scheduler is cancelled. Idempotent; returns <see cref="WhenTerminated"/>.
    /// </summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminating, 1) == 0)
        {
            _ = TerminateInOrder();
        }
        return WhenTerminated;
    }

    private async Task TerminateInOrder()
    {
        try
        {
            KernelLog.LogDebug("Actor system {Name} terminating", Name);
            var userStopped = _user.WhenStopped;
            _user.SelfInternal.SendSystemMessage(Dispatch.Terminate.Instance);
            await userStopped.ConfigureAwait(false);
            _root.SelfInternal.SendSystemMessage(Dispatch.Terminate.Instance);
        }
        catch (Exception ex)
        {
            KernelLog.LogCritical(ex, "Actor system {Name} failed to terminate in order", Name);
            _scheduler.Dispose();
            _terminated.TrySetException(ex);
        }
    }

    internal void OnRootStopped()
    {
        _scheduler.Dispose();
        KernelLog.LogDebug("Actor system {Name} terminated", Name);
        _terminated.TrySetResult();
    }

    /// <summary>Creates an actor under <c>/system</c> (for kernel and node services).</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    internal long NextTempId() => Interlocked.Increment(ref _nextTempId);

    /// <summary>Terminates and waits.</summary>
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    /// <inheritdoc />
    public override string ToString() => $"ActorSystem({Name})";
}
