namespace ActorRpc.Gateways.Tcp;

/// <summary>
/// CoreSuspend / CoreResume across the node: while any session holds a suspension, RunCommand calls of
/// other sessions that change bots or plugins (start, stop, pause, resume, restart, load, unload, reload,
/// exit) wait until every suspension is released; reads (status, plugin methods, GetVersion) go on.
/// A closing connection releases its suspensions.
/// </summary>
public sealed class SuspensionGate
{
    /// <summary>Commands that wait for suspensions held by other sessions.</summary>
    private static readonly HashSet<string> s_mutating = new(StringComparer.OrdinalIgnoreCase)
    {
        "start", "stop", "pause", "resume", "restart", "load", "unload", "reload", "exit",
    };

    /// <summary>Guards the depths and the waiters.</summary>
    private readonly Lock _lock = new();

    /// <summary>Suspension depth per connection id.</summary>
    private readonly Dictionary<long, int> _depths = [];

    /// <summary>Completed (and replaced) whenever a session releases its suspension; waiters then look again.</summary>
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True when <paramref name="command"/> waits for other sessions' suspensions.</summary>
    public static bool IsMutating(string command) => s_mutating.Contains(command.TrimStart('!'));

    /// <summary>Sets <paramref name="connection"/>'s depth (0 releases it).</summary>
    public void SetDepth(long connection, int depth)
    {
        lock (_lock)
        {
            if (depth > 0)
            {
                _depths[connection] = depth;
                return;
            }
            if (_depths.Remove(connection))
            {
                _released.TrySetResult();
                _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Completes once no session other than <paramref name="connection"/> holds a suspension.</summary>
    public async Task WaitForOthersAsync(long connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            lock (_lock)
            {
                if (!_depths.Keys.Any(c => c != connection))
                {
                    return;
                }
                released = _released.Task;
            }
            await released.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
