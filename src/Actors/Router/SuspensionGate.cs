using System.Diagnostics;

namespace ActorRpc.Actors.Router;

/// <summary>
/// CoreSuspend / CoreResume across the node, enforced by the router for every gateway: while any session holds
/// a suspension, commands of other sessions that change bots, plugins or the node (those
/// <see cref="BuiltInCommands"/> marks as changing) wait until every suspension is released; reads go on.
/// A session's commands are admitted in the order it sent them: once one of them waits, the session's later
/// commands (reads too) queue behind it, and each is let go only once the one before it has been sent on
/// (<see cref="Started"/>), so a pipelined <c>pause alpha</c>, <c>status alpha</c> keeps its order.
/// Sessions are numbered by <see cref="OpenSession"/>; <see cref="Anonymous"/> stands for a caller that never
/// suspends and needs no order across its calls (an HTTP request).
/// </summary>
public sealed class SuspensionGate
{
    /// <summary>The session of callers that never suspend (each HTTP request is one call).</summary>
    public const long Anonymous = 0;

    /// <summary>Guards the depths and the queues.</summary>
    private readonly Lock _lock = new();

    /// <summary>Suspension depth per session holding one.</summary>
    private readonly Dictionary<long, int> _depths = [];

    /// <summary>Commands not yet admitted, per session, oldest first.</summary>
    private readonly Dictionary<long, LinkedList<Waiter>> _queued = [];

    /// <summary>Sessions holding a suspension plus sessions with waiting commands: 0 lets <see cref="AdmitAsync"/> skip the lock.</summary>
    private volatile int _busy;

    /// <summary>The last session number handed out.</summary>
    private long _lastSession;

    /// <summary>A command waiting to be admitted.</summary>
    private sealed class Waiter(bool changes) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public bool Changes { get; } = changes;

        /// <summary>Let go, and at the head of its queue until its command has been sent on (<see cref="Started"/>).</summary>
        public bool Admitted { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }
    }

    /// <summary>A new session number (never <see cref="Anonymous"/>).</summary>
    public long OpenSession() => Interlocked.Increment(ref _lastSession);

    /// <summary>True while some session holds a suspension.</summary>
    public bool IsSuspended
    {
        get
        {
            lock (_lock)
            {
                return _depths.Count > 0;
            }
        }
    }

    /// <summary>How many commands wait to be admitted now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queued.Values.Sum(q => q.Count);
            }
        }
    }

    /// <summary>Sets <paramref name="session"/>'s depth (0 releases it, as does a closing session).</summary>
    public void SetDepth(long session, int depth)
    {
        Debug.Assert(session != Anonymous, "an anonymous caller cannot suspend");
        lock (_lock)
        {
            if (depth > 0)
            {
                _depths[session] = depth;
                Recount();
                return;
            }
            if (_depths.Remove(session))
            {
                foreach (var queued in _queued.Keys.ToList())
                {
                    AdmitQueued(queued);
                }
                Recount();
            }
        }
    }

    /// <summary>
    /// Completes when <paramref name="session"/>'s command may run: at once (synchronously) unless it changes
    /// something while another session holds a suspension, or an earlier command of the session still waits.
    /// A command that had to wait calls <see cref="Started"/> once it has sent its first message on.
    /// </summary>
    public Task AdmitAsync(long session, bool changes, CancellationToken cancellationToken)
    {
        // The common case, nobody suspended and nothing waiting: no lock on the command path.
        if (_busy == 0)
        {
            return Task.CompletedTask;
        }
        lock (_lock)
        {
            var queue = _queued.GetValueOrDefault(session);
            var mustWait = changes ? queue is not null || HeldByOthers(session) : queue is not null && session != Anonymous;
            if (!mustWait)
            {
                return Task.CompletedTask;
            }
            if (queue is null)
            {
                queue = new LinkedList<Waiter>();
                _queued[session] = queue;
                Recount();
            }
            var waiter = new Waiter(changes);
            var node = queue.AddLast(waiter);
            waiter.Cancellation = cancellationToken.UnsafeRegister(_ => Abandon(session, node), null);
            return waiter.Task;
        }
    }

    /// <summary>A waiting command was cancelled: it leaves the queue and may unblock the session's next ones.</summary>
    private void Abandon(long session, LinkedListNode<Waiter> node)
    {
        lock (_lock)
        {
            if (node.List is null || node.Value.Admitted)
            {
                return;
            }
            node.List.Remove(node);
            node.Value.TrySetCanceled();
            AdmitQueued(session);
        }
    }

    /// <summary>The command <see cref="AdmitAsync"/> let go after a wait has sent its first message on: the session's next may go.</summary>
    public void Started(long session)
    {
        lock (_lock)
        {
            var queue = _queued[session];
            Debug.Assert(queue.First?.Value.Admitted == true, "only an admitted command starts");
            queue.RemoveFirst();
            AdmitQueued(session);
        }
    }

    /// <summary>Lets the oldest waiting command of <paramref name="session"/> go, unless it must still wait or one is already on its way.</summary>
    private void AdmitQueued(long session)
    {
        var queue = _queued[session];
        if (queue.First is not { } first)
        {
            _queued.Remove(session);
            Recount();
            return;
        }
        if (first.Value.Admitted || (first.Value.Changes && HeldByOthers(session)))
        {
            return;
        }
        first.Value.Admitted = true;
        // Unregister, not Dispose: Dispose would wait for a cancellation callback blocked on this lock.
        first.Value.Cancellation.Unregister();
        first.Value.TrySetResult();
    }

    /// <summary>Updates <see cref="_busy"/> after a change (under the lock).</summary>
    private void Recount() => _busy = _depths.Count + _queued.Count;

    private bool HeldByOthers(long session) => _depths.Count > (_depths.ContainsKey(session) ? 1 : 0);
}
