using System.Diagnostics;
using ActorRpc.Actors.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// The runtime side of one actor: its mailbox, the current instance, behaviour stack, children, watches and
/// lifecycle state. Everything not marked otherwise is touched only by the mailbox's run, one thread at a
/// time. Split by concern: <c>.Children</c>, <c>.DeathWatch</c>, <c>.FaultHandling</c>, <c>.ReceiveTimeout</c>.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    /// <summary>The cell whose run is on this thread.</summary>
    [ThreadStatic]
    private static ActorCell? t_current;

    /// <summary>The cell whose async handler this flow came from (flows across awaits, unlike the thread-static).</summary>
    private static readonly AsyncLocal<ActorCell?> s_asyncCurrent = new();

    /// <summary>The cell whose actor is being constructed on this thread, read by <see cref="ActorBase"/>'s constructor.</summary>
    [ThreadStatic]
    private static ActorCell? t_constructing;

    /// <summary>The owning system.</summary>
    private readonly ActorSystem _system;

    /// <summary>The supervisor.</summary>
    private readonly InternalActorRef _parent;

    /// <summary>How to make (and remake) the actor.</summary>
    private readonly Props _props;

    /// <summary>The queues and the scheduling state.</summary>
    private readonly Mailbox _mailbox;

    /// <summary>Behaviours; the bottom one is the actor's own <c>Receive</c>.</summary>
    private readonly List<Receive> _behaviors = new(1);

    /// <summary>This actor's reference; a <see cref="RoutedActorRef"/> for pool routers.</summary>
    private InternalActorRef _self = null!;

    /// <summary>The live instance; null before creation, between a failed start and its restart, and after stop.</summary>
    private ActorBase? _actor;

    /// <summary>The message being processed (kept while an async handler holds the mailbox).</summary>
    private Envelope _current;

    /// <summary>Messages put back by the stash, processed before the mailbox.</summary>
    private Queue<Envelope>? _unstashed;

    /// <summary>The stash, made on first use.</summary>
    private ActorStash? _stash;

    /// <summary>The unfinished task of an async handler: the mailbox is held until it completes.</summary>
    private Task? _heldTask;

    public ActorCell(ActorSystem system, InternalActorRef parent, Props props, ActorPath path)
    {
        _system = system;
        _parent = parent;
        _props = props;
        Path = path;
        _mailbox = new Mailbox(props.MailboxCapacity);
        _mailbox.SetCell(this);
        system.Mailboxes.Add(_mailbox);
    }

    public ActorPath Path { get; }

    public Mailbox Mailbox => _mailbox;

    /// <summary>The cell running on this thread or in this async flow, if any.</summary>
    public static ActorCell? CurrentCell => t_current ?? s_asyncCurrent.Value;

    /// <summary>The cell constructing an actor on this thread.</summary>
    public static ActorCell? Constructing => t_constructing;

    /// <summary>The sender to use for a send without an explicit one.</summary>
    public static IActorRef? ImplicitSender(IActorRef receiver) =>
        CurrentCell?._self ?? (receiver as InternalActorRef)?.System.DefaultSender;

    public IActorRef Self => _self;

    public InternalActorRef SelfInternal => _self;

    public IActorRef Sender => _current.Sender ?? _system.DeadLetters;

    public IActorRef? SenderOrNull => _current.Sender;

    public Envelope CurrentEnvelope => _current;

    public IActorRef Parent => _parent;

    public Props Props => _props;

    public ActorSystem System => _system;

    /// <summary>True when there is work only this cell knows about (unstashed messages it may process).</summary>
    public bool HasLocalWork => _unstashed is { Count: > 0 } && CanProcessUserMessages;

    public bool CanProcessUserMessages => !_suspended && !_terminating;

    /// <summary>Attaches the reference that stands for this cell.</summary>
    public void Attach(InternalActorRef self) => _self = self;

    /// <summary>Queues <see cref="Create"/>: the actor is built on its own first run.</summary>
    public void Start() => _mailbox.PostSystem(Create.Instance);

    /// <summary>
    /// One run of the mailbox: pending system messages, then up to <c>throughput</c> user messages.
    /// Returns the task of an async handler that now holds the mailbox, or null when the run is over.
    /// </summary>
    public Task? RunBatch()
    {
        t_current = this;
        try
        {
            if (_heldTask is not null)
            {
                CompleteHeldTask();
            }
            var budget = _system.Settings.Throughput;
            while (true)
            {
                ProcessSystemMessages();
                if (_terminated || _suspended || _terminating || budget-- <= 0 || !TryDequeue(out var envelope))
                {
                    return null;
                }
                Invoke(envelope);
                if (_heldTask is not null)
                {
                    return _heldTask;
                }
            }
        }
        finally
        {
            t_current = null;
        }
    }

    private bool TryDequeue(out Envelope envelope)
    {
        if (_unstashed is { Count: > 0 })
        {
            envelope = _unstashed.Dequeue();
            return true;
        }
        return _mailbox.TryDequeue(out envelope);
    }

    private void ProcessSystemMessages()
    {
        while (!_terminated && _mailbox.TryDequeueSystem(out var message))
        {
            try
            {
                HandleSystemMessage(message);
            }
            catch (Exception ex)
            {
                // A kernel message must never take the pool thread down; this is a kernel defect if it happens.
                _system.KernelLog.LogCritical(ex, "Actor {Path} failed to process system message {Message}", Path, message.GetType().Name);
            }
        }
    }

    private void HandleSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case Create:
                CreateActor();
                break;
            case Terminate:
                BeginTerminate();
                break;
            case Recreate recreate:
                BeginRecreate(recreate.Cause);
                break;
            case Resume:
                ResumeAfterFailure();
                break;
            case Failed failed:
                HandleChildFailed(failed);
                break;
            case Watch watch:
                AddWatcher(watch.Watcher);
                break;
            case Unwatch unwatch:
                RemoveWatcher(unwatch.Watcher);
                break;
            case DeathWatchNotification notification:
                HandleDeathWatchNotification(notification);
                break;
            case ChildTerminated terminated:
                HandleChildTerminated(terminated.Child);
                break;
            default:
                Debug.Fail($"Unknown system message {message.GetType()}");
                break;
        }
    }

    /// <summary>Processes one user message: kernel-handled ones first, then the current behaviour.</summary>
    private void Invoke(in Envelope received)
    {
        // The sender's trace is current while this message is handled (log scopes, and messages sent from here, carry it on).
        var traced = received.Message as TracedMessage;
        var envelope = traced is null ? received : received.Unwrapped;
        _current = envelope;
        var message = envelope.Message;
        var outerActivity = Activity.Current;
        if (traced is not null || outerActivity is not null)
        {
            ActorRpcTracing.MakeCurrent(traced?.Activity);
        }
        try
        {
            if (message is IAutoReceivedMessage)
            {
                InvokeAutoReceived(message);
                return;
            }
            NoteActivity(message);
            if (!_behaviors[^1](message))
            {
                _actor!.AroundUnhandled(message);
            }
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
        finally
        {
            if (traced is not null || outerActivity is not null)
            {
                ActorRpcTracing.MakeCurrent(outerActivity);
            }
        }
    }

    private void InvokeAutoReceived(object message)
    {
        switch (message)
        {
            case PoisonPill:
                Stop(_self);
                break;
            case Kill:
                throw new ActorKilledException($"Kill received by {Path}");
            case DeathWatchTerminated notification:
                // Delivered only while still watched: an Unwatch after the notification drops it.
                if (_watching is not null && _watching.Remove(notification.Terminated.ActorRef))
                {
                    _current = new Envelope(notification.Terminated, _current.Sender);
                    DeliverToBehavior(notification.Terminated);
                }
                break;
            case ReceiveTimeoutTick tick:
                HandleReceiveTimeoutTick(tick);
                break;
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, _self), _self);
                break;
        }
    }

    private void DeliverToBehavior(object message)
    {
        if (!_behaviors[^1](message))
        {
            _actor!.AroundUnhandled(message);
        }
    }

    /// <summary>Runs an async handler's synchronous part; if its task is unfinished, it holds the mailbox.</summary>
    public void RunAsyncHandler<T>(Func<T, Task> handler, T message)
    {
        Debug.Assert(_heldTask is null, "Only one async handler at a time.");
        var previous = s_asyncCurrent.Value;
        s_asyncCurrent.Value = this;
        Task task;
        try
        {
            task = handler(message);
        }
        finally
        {
            s_asyncCurrent.Value = previous;
        }
        if (task.IsCompletedSuccessfully)
        {
            return;
        }
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
        }
        _heldTask = task;
    }

    private void CompleteHeldTask()
    {
        var task = _heldTask!;
        _heldTask = null;
        if (!task.IsCompletedSuccessfully)
        {
            var cause = task.Exception?.InnerException ?? new TaskCanceledException(task);
            HandleInvokeFailure(cause);
        }
    }

    private void CreateActor()
    {
        try
        {
            var actor = NewActor();
            actor.AroundPreStart();
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(new ActorInitializationException(_self, $"Actor {Path} failed to start: {ex.Message}", ex));
        }
    }

    /// <summary>Calls the props' factory with this cell as the one being constructed, and installs the instance.</summary>
    private ActorBase NewActor()
    {
        _behaviors.Clear();
        ActorBase actor;
        var previous = t_constructing;
        t_constructing = this;
        try
        {
            actor = _props.Factory();
        }
        finally
        {
            t_constructing = previous;
        }
        if (!ReferenceEquals(actor.Cell, this))
        {
            throw new InvalidOperationException($"The props factory of {Path} must create a new actor instance each time it is called.");
        }
        if (actor is IWithStash withStash)
        {
            withStash.Stash = _stash ??= new ActorStash(this);
        }
        actor.OnConstructed();
        _actor = actor;
        _behaviors.Add(actor.InitialBehavior);
        return actor;
    }

    /// <summary>Puts <paramref name="envelopes"/> in front of everything still to be processed, in their order.</summary>
    public void Prepend(IEnumerable<Envelope> envelopes)
    {
        var queue = new Queue<Envelope>(envelopes);
        if (_unstashed is not null)
        {
            while (_unstashed.TryDequeue(out var earlier))
            {
                queue.Enqueue(earlier);
            }
        }
        _unstashed = queue;
    }

    public void PublishUnhandled(object message)
    {
        var sender = _current.Sender ?? _system.DeadLetters;
        _system.EventStream.Publish(new UnhandledMessage(message, sender, _self));
        _system.UnhandledLog.Log(message, sender, _self);
    }

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviors[^1] = receive;
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviors.Add(receive);
    }

    public void UnbecomeStacked()
    {
        if (_behaviors.Count > 1)
        {
            _behaviors.RemoveAt(_behaviors.Count - 1);
        }
    }

    /// <summary>Sends <paramref name="envelope"/> to dead letters as undelivered to this actor.</summary>
    private void ToDeadLetters(Envelope envelope)
    {
        var unwrapped = envelope.Unwrapped;
        _system.DeadLetterRef.Deliver(unwrapped.Message, unwrapped.Sender, _self);
    }

    public override string ToString() => $"ActorCell({Path})";
}
