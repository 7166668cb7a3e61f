namespace ActorRpc.Actors.Router;

/// <summary>
/// When the request this asynchronous flow serves was accepted. A deadline is the acceptance plus the timeout, in
/// wall-clock time, so it holds through a pause of the whole process (a long GC, a VM migration, SIGSTOP): a request
/// accepted before the pause is not given a fresh timeout after it, and a reply processed after its deadline is a
/// timeout, not a success.
/// </summary>
public static class RequestClock
{
    private static readonly AsyncLocal<DateTimeOffset?> s_accepted = new();

    /// <summary>When the request being served was accepted; null outside a request.</summary>
    public static DateTimeOffset? AcceptedAt => s_accepted.Value;

    /// <summary>
    /// Marks <paramref name="now"/> as the acceptance of the request this flow serves, unless the flow already has one
    /// (a command run on behalf of another keeps the outer request's). Call it from inside the request's own
    /// <see langword="async"/> method, so that the mark ends with it.
    /// </summary>
    public static void Accept(DateTimeOffset now)
    {
        if (s_accepted.Value is null)
        {
            s_accepted.Value = now;
        }
    }

    /// <summary>The deadline of a request accepted at <see cref="AcceptedAt"/> (or at <paramref name="now"/> outside one) that may take <paramref name="timeout"/>.</summary>
    public static DateTimeOffset DeadlineOf(TimeSpan timeout, DateTimeOffset now) => (s_accepted.Value ?? now) + timeout;
}
