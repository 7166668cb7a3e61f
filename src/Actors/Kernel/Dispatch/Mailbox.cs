using System.Diagnostics;
using System.Threading.Channels;

namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// An actor's two queues and its scheduling state. User messages sit in a <see cref="Channel{T}"/> with a
/// single reader; system messages (rare: lifecycle, watch, supervision) in a lock-free stack that the run
/// takes whole and replays oldest first, which costs nothing per idle actor. A send enqueues and, when the mailbox is idle, queues the mailbox itself on
/// the thread pool; a run processes a batch of at most <c>throughput</c> user messages and lets go, so
/// that actors share the pool fairly. At most one run is active at a time: that is what makes an actor
/// single-threaded.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;
    private const int Closed = 2;

    /// <summary>User messages, FIFO; bounded when the props ask for it.</summary>
    private readonly Channel<Envelope> _user;

    /// <summary>Stands for "closed" at the top of the system stack: pushes fail once it is there.</summary>
    private static readonly SystemNode s_closed = new(null!, null);

    /// <summary>Kernel messages pushed since the last run took them, newest first; never bounded (lifecycle must not be refused).</summary>
    private SystemNode? _systemStack;

    /// <summary>System messages taken from the stack, oldest first; touched only by the run.</summary>
    private SystemNode? _systemBatch;

    /// <summary>Re-queues the mailbox once an async handler's task completes.</summary>
    private readonly Action _resumeAfterTask;

    /// <summary>The cell this mailbox runs; set once, right after construction.</summary>
    private ActorCell _cell = null!;

    /// <summary><see cref="Idle"/>, or a combination of <see cref="Scheduled"/> and <see cref="Closed"/>.</summary>
    private int _status;

    /// <summary>Runs so far; written only by the run itself.</summary>
    private long _runs;

    /// <summary>User messages ever enqueued (many writers: atomic).</summary>
    private long _enqueued;

    /// <summary>User messages ever taken (the single reader: plain writes).</summary>
    private long _dequeued;

    /// <summary>This mailbox's slot in its system's <see cref="MailboxRegistry"/> (guarded by the registry).</summary>
    public int RegistryIndex { get; set; } = -1;

    public Mailbox(int? capacity)
    {
        _user = capacity is int bound
            ? Channel.CreateBounded<Envelope>(new BoundedChannelOptions(bound)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            })
            : Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = true });
        _resumeAfterTask = () => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void SetCell(ActorCell cell)
    {
        Debug.Assert(_cell is null, "A mailbox belongs to one cell.");
        _cell = cell;
    }

    /// <summary>Enqueues a user message; false when the mailbox is closed or full.</summary>
    public bool Post(in Envelope envelope)
    {
        if (!_user.Writer.TryWrite(envelope))
        {
            return false;
        }
        Interlocked.Increment(ref _enqueued);
        TrySchedule();
        return true;
    }

    /// <summary>Enqueues a system message; false only when the mailbox is closed.</summary>
    public bool PostSystem(SystemMessage message)
    {
        while (true)
        {
            var top = Volatile.Read(ref _systemStack);
            if (ReferenceEquals(top, s_closed))
            {
                return false;
            }
            if (ReferenceEquals(Interlocked.CompareExchange(ref _systemStack, new SystemNode(message, top), top), top))
            {
                TrySchedule();
                return true;
            }
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (!_user.Reader.TryRead(out envelope))
        {
            return false;
        }
        Volatile.Write(ref _dequeued, _dequeued + 1);
        return true;
    }

    /// <summary>User messages waiting now (approximate while sends are under way; never negative).</summary>
    public long Depth => Math.Max(0, Interlocked.Read(ref _enqueued) - Volatile.Read(ref _dequeued));

    /// <summary>The oldest pending system message; only the run calls this.</summary>
    public bool TryDequeueSystem(out SystemMessage message)
    {
        while (_systemBatch is null)
        {
            var top = Volatile.Read(ref _systemStack);
            if (top is null || ReferenceEquals(top, s_closed))
            {
                message = null!;
                return false;
            }
            // Take the whole stack; if a push got in first, look again.
            if (ReferenceEquals(Interlocked.CompareExchange(ref _systemStack, null, top), top))
            {
                _systemBatch = Reverse(top);
            }
        }
        message = _systemBatch.Message;
        _systemBatch = _systemBatch.Next;
        return true;
    }

    private static SystemNode Reverse(SystemNode newestFirst)
    {
        SystemNode? oldestFirst = null;
        for (var node = newestFirst; node is not null; node = node.Next)
        {
            oldestFirst = new SystemNode(node.Message, oldestFirst);
        }
        return oldestFirst!;
    }

    public bool HasUserMessages => _user.Reader.TryPeek(out _);

    /// <summary>True once the actor has stopped and the mailbox refuses everything.</summary>
    public bool IsClosed => (Volatile.Read(ref _status) & Closed) != 0;

    /// <summary>How many turns on the pool this mailbox has had (a batch each).</summary>
    public long Runs => Volatile.Read(ref _runs);

    public bool HasSystemMessages =>
        _systemBatch is not null || (Volatile.Read(ref _systemStack) is { } top && !ReferenceEquals(top, s_closed));

    /// <summary>
    /// Refuses every later send, then hands what is still queued to the given sinks. Called by the cell's
    /// own run once the actor has stopped.
    /// </summary>
    public void Close(Action<Envelope> undeliveredUser, Action<SystemMessage> undeliveredSystem)
    {
        Interlocked.Or(ref _status, Closed);
        _user.Writer.TryComplete();
        var pending = Interlocked.Exchange(ref _systemStack, s_closed);
        while (_user.Reader.TryRead(out var envelope))
        {
            undeliveredUser(envelope);
        }
        for (var node = _systemBatch; node is not null; node = node.Next)
        {
            undeliveredSystem(node.Message);
        }
        _systemBatch = null;
        if (pending is not null && !ReferenceEquals(pending, s_closed))
        {
            for (var node = Reverse(pending); node is not null; node = node.Next)
            {
                undeliveredSystem(node.Message);
            }
        }
    }

    private void TrySchedule()
    {
        while (true)
        {
            var status = Volatile.Read(ref _status);
            if (status != Idle)
            {
                return;
            }
            if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var cell = _cell;
        Volatile.Write(ref _runs, _runs + 1);
        if (cell.RunBatch() is Task held)
        {
            // The actor awaits an async handler: keep the mailbox (still Scheduled) until it completes.
            held.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resumeAfterTask);
            return;
        }
        var localWork = cell.HasLocalWork;
        var previous = Interlocked.And(ref _status, ~Scheduled);
        if ((previous & Closed) != 0)
        {
            return;
        }
        // Checked after letting go, so a send that saw us Scheduled is never stranded.
        if (localWork || HasSystemMessages || (cell.CanProcessUserMessages && HasUserMessages))
        {
            TrySchedule();
        }
    }

    /// <summary>One system message in the stack (or, reversed, in the batch).</summary>
    private sealed class SystemNode(SystemMessage message, SystemNode? next)
    {
        public SystemMessage Message { get; } = message;

        public SystemNode? Next { get; } = next;
    }
}
