using System.Diagnostics;
using System.Threading.Channels;

namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// An actor's two queues (system and user messages, both <see cref="Channel{T}"/>s with a single reader)
/// and its scheduling state. A send enqueues and, when the mailbox is idle, queues the mailbox itself on
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

    /// <summary>Kernel messages, FIFO, never bounded (lifecycle must not be refused).</summary>
    private readonly Channel<SystemMessage> _system;

    /// <summary>Re-queues the mailbox once an async handler's task completes.</summary>
    private readonly Action _resumeAfterTask;

    /// <summary>The cell this mailbox runs; set once, right after construction.</summary>
    private ActorCell _cell = null!;

    /// <summary><see cref="Idle"/>, or a combination of <see cref="Scheduled"/> and <see cref="Closed"/>.</summary>
    private int _status;

    /// <summary>Runs so far; written only by the run itself.</summary>
    private long _runs;

    public Mailbox(int? capacity)
    {
        _user = capacity is int bound
            ? Channel.CreateBounded<Envelope>(new BoundedChannelOptions(bound)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            })
            : Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = true });
        _system = Channel.CreateUnbounded<SystemMessage>(new UnboundedChannelOptions { SingleReader = true });
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
        TrySchedule();
        return true;
    }

    /// <summary>Enqueues a system message; false only when the mailbox is closed.</summary>
    public bool PostSystem(SystemMessage message)
    {
        if (!_system.Writer.TryWrite(message))
        {
            return false;
        }
        TrySchedule();
        return true;
    }

    public bool TryDequeue(out Envelope envelope) => _user.Reader.TryRead(out envelope);

    public bool TryDequeueSystem(out SystemMessage message) => _system.Reader.TryRead(out message!);

    public bool HasUserMessages => _user.Reader.TryPeek(out _);

    /// <summary>How many turns on the pool this mailbox has had (a batch each).</summary>
    public long Runs => Volatile.Read(ref _runs);

    public bool HasSystemMessages => _system.Reader.TryPeek(out _);

    /// <summary>
    /// Refuses every later send, then hands what is still queued to the given sinks. Called by the cell's
    /// own run once the actor has stopped.
    /// </summary>
    public void Close(Action<Envelope> undeliveredUser, Action<SystemMessage> undeliveredSystem)
    {
        Interlocked.Or(ref _status, Closed);
        _user.Writer.TryComplete();
        _system.Writer.TryComplete();
        while (_user.Reader.TryRead(out var envelope))
        {
            undeliveredUser(envelope);
        }
        while (_system.Reader.TryRead(out var message))
        {
            undeliveredSystem(message);
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
}
