namespace ActorRpc.Actors.Kernel.Dispatch;

internal sealed partial class ActorCell
{
    /// <summary>Guards <see cref="_children"/>: children are created from any thread (the system creates top-level actors).</summary>
    private readonly Lock _childrenLock = new();

    /// <summary>Live and stopping children by name, made on first use.</summary>
    private Dictionary<string, ChildStats>? _children;

    /// <summary>Source of generated child names.</summary>
    private long _nextChildId;

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_childrenLock)
            {
                return _children is null
                    ? []
                    : _children.Values.Where(static c => !c.IsStopping).Select(static c => (IActorRef)c.Child).ToArray();
            }
        }
    }

    public IActorRef Child(string name)
    {
        lock (_childrenLock)
        {
            return _children is not null && _children.TryGetValue(name, out var stats) && !stats.IsStopping
                ? stats.Child
                : ActorRefs.Nobody;
        }
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null)
        {
            ActorPath.ValidateName(name);
        }
        InternalActorRef child;
        ActorCell childCell;
        lock (_childrenLock)
        {
            if (_terminating)
            {
                throw new InvalidOperationException($"{Path} is stopping and cannot create children.");
            }
            name ??= GenerateName();
            _children ??= [];
            if (_children.ContainsKey(name))
            {
                throw new InvalidActorNameException($"Actor name '{name}' is not unique under {Path}.");
            }
            var childPath = Path.Child(name);
            if (props.Router is { } pool)
            {
                childCell = new ActorCell(_system, _self, Props.Create(() => new Routing.RouterActor(pool)), childPath);
                child = new RoutedActorRef(childCell, pool);
            }
            else
            {
                childCell = new ActorCell(_system, _self, props, childPath);
                child = new LocalActorRef(childCell);
            }
            _children.Add(name, new ChildStats(child));
        }
        childCell.Attach(child);
        if (child is RoutedActorRef routed)
        {
            // Routees exist before the router's first run, so nothing sent to the router finds it empty.
            routed.CreateRoutees(props with { Router = null });
        }
        childCell.Start();
        return child;
    }

    private string GenerateName()
    {
        // Akka-style short names: $a, $b, … $ba, … (base 26, never clashing with user names, which cannot start with '$').
        var id = _nextChildId++;
        Span<char> buffer = stackalloc char[16];
        var position = buffer.Length;
        do
        {
            buffer[--position] = (char)('a' + (id % 26));
            id /= 26;
        }
        while (id > 0);
        buffer[--position] = '$';
        return new string(buffer[position..]);
    }

    private bool TryGetChild(InternalActorRef child, out ChildStats stats)
    {
        lock (_childrenLock)
        {
            if (_children is not null && _children.TryGetValue(child.Path.Name, out stats!) && ReferenceEquals(stats.Child, child))
            {
                return true;
            }
        }
        stats = null!;
        return false;
    }

    /// <summary>Stops a child (or any actor); stopping self goes through this actor's own system queue.</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is not InternalActorRef target)
        {
            throw new ArgumentException($"{actor} is not a reference made by this kernel.", nameof(actor));
        }
        if (!ReferenceEquals(target, _self))
        {
            lock (_childrenLock)
            {
                if (_children is not null && _children.TryGetValue(target.Path.Name, out var stats) && ReferenceEquals(stats.Child, target))
                {
                    stats.IsStopping = true;
                }
            }
        }
        target.SendSystemMessage(Terminate.Instance);
    }

    private List<InternalActorRef> StopAllChildren()
    {
        List<InternalActorRef> stopping = [];
        lock (_childrenLock)
        {
            if (_children is null)
            {
                return stopping;
            }
            foreach (var stats in _children.Values)
            {
                stats.IsStopping = true;
                stopping.Add(stats.Child);
            }
        }
        foreach (var child in stopping)
        {
            child.SendSystemMessage(Terminate.Instance);
        }
        return stopping;
    }

    private bool HasStoppingChildren()
    {
        lock (_childrenLock)
        {
            return _children is not null && _children.Values.Any(static c => c.IsStopping);
        }
    }

    private bool HasChildren()
    {
        lock (_childrenLock)
        {
            return _children is { Count: > 0 };
        }
    }

    /// <summary>Removes a stopped child's entry (called by the child itself, from its own run); idempotent.</summary>
    public void ReleaseChildName(InternalActorRef child)
    {
        lock (_childrenLock)
        {
            if (_children is not null && _children.TryGetValue(child.Path.Name, out var stats) && ReferenceEquals(stats.Child, child))
            {
                _children.Remove(child.Path.Name);
            }
        }
    }

    private void HandleChildTerminated(InternalActorRef child)
    {
        ReleaseChildName(child);
        if (_terminating)
        {
            if (!_terminated && !HasChildren())
            {
                FinishTerminate();
            }
        }
        else if (_recreateCause is not null && !HasStoppingChildren())
        {
            FinishRecreate(_recreateCause);
        }
    }
}

/// <summary>A child as its parent tracks it: the reference, whether it is stopping, and its restart history.</summary>
internal sealed class ChildStats(InternalActorRef child)
{
    /// <summary>Start of the current restart window (TimeProvider timestamp).</summary>
    private long _windowStart;

    /// <summary>Restarts within the current window.</summary>
    private int _restarts;

    public InternalActorRef Child { get; } = child;

    /// <summary>A stop was requested; the name stays taken until the child has stopped.</summary>
    public bool IsStopping { get; set; }

    /// <summary>
    /// Counts a restart and says whether it is allowed: at most <paramref name="maxRetries"/> within
    /// <paramref name="window"/> (negative: unlimited; an infinite window counts forever).
    /// </summary>
    public bool RequestRestartPermission(int maxRetries, TimeSpan window, TimeProvider time)
    {
        if (maxRetries < 0)
        {
            return true;
        }
        if (maxRetries == 0)
        {
            return false;
        }
        var now = time.GetTimestamp();
        if (_restarts == 0 || (window != Timeout.InfiniteTimeSpan && time.GetElapsedTime(_windowStart, now) > window))
        {
            _windowStart = now;
            _restarts = 1;
            return true;
        }
        _restarts++;
        return _restarts <= maxRetries;
    }
}
