namespace ActorRpc.Benchmarks;

/// <summary>The request of every scenario; one shared instance so message allocation is not measured.</summary>
internal sealed class Ping
{
    /// <summary>The single instance.</summary>
    public static readonly Ping Instance = new();

    private Ping()
    {
    }
}

/// <summary>The reply of every scenario; one shared instance.</summary>
internal sealed class Pong
{
    /// <summary>The single instance.</summary>
    public static readonly Pong Instance = new();

    private Pong()
    {
    }
}

/// <summary>
/// Completes when every pair of a run has done its round trips; shared by the Akka and raw scenarios so
/// both signal the end the same way.
/// </summary>
internal sealed class PairsCompletion
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _remaining;

    /// <summary>Expects <paramref name="pairs"/> calls to <see cref="PairDone"/>.</summary>
    public PairsCompletion(int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairs);
        _remaining = pairs;
    }

    /// <summary>Completes once every pair is done.</summary>
    public Task Task => _done.Task;

    /// <summary>Pairs still running (for the message of a hang).</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>Called once by each pair after its last round trip.</summary>
    public void PairDone()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>Ends the run at once with a failure (a duplicated or unexpected message).</summary>
    public void Fail(string message) => _done.TrySetException(new BenchmarkFailedException(message));

    /// <summary>Waits for the run, turning a hang into a <see cref="BenchmarkFailedException"/>.</summary>
    public async Task WaitAsync(string what, int pairs, TimeSpan timeout)
    {
        try
        {
            await _done.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new BenchmarkFailedException(
                $"{what}: not complete after {timeout.TotalSeconds:0} s, {Remaining} of {pairs} pairs still running (lost message or stalled mailbox).");
        }
    }
}

/// <summary>A scenario that did not finish correctly (hang, lost or unexpected message).</summary>
internal sealed class BenchmarkFailedException(string message) : Exception(message);
