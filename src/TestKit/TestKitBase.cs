using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ActorRpc.Actors.Kernel;
using Xunit.Sdk;

namespace ActorRpc.Testing;

/// <summary>
/// Expectations over the messages a test actor receives. Every wait ends as soon as its condition holds;
/// a failing expectation says what it expected, what arrived (and when), or that nothing did.
/// Each method has an async twin for async tests.
/// </summary>
public abstract class TestKitBase
{
    /// <summary>Messages the test actor received and the test has not consumed yet.</summary>
    private readonly Channel<ReceivedMessage> _queue = Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleReader = false });

    /// <summary>The end of the innermost <c>Within</c> block (stopwatch ticks), or null outside one.</summary>
    private long? _deadline;

    /// <summary>
    /// Sync expectations block a pool thread while actors need pool threads to answer; on a small machine
    /// with tests running in parallel, the pool would otherwise grow only slowly (hundreds of ms per
    /// thread) and a passing test could look like a timeout.
    /// </summary>
    static TestKitBase()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);
    }

    /// <summary>Creates the test actor in <paramref name="system"/>.</summary>
    private protected TestKitBase(ActorSystem system, string testActorName)
    {
        Sys = system;
        TestActor = system.ActorOf(Props.Create(() => new TestActor(_queue.Writer)), testActorName);
    }

    /// <summary>The actor system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>The actor whose messages the expectations read; the implicit sender of sends from test code.</summary>
    public IActorRef TestActor { get; }

    /// <summary>The sender of the last message an expectation consumed.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    /// <summary>Messages received and not yet consumed.</summary>
    public bool HasMessages => _queue.Reader.TryPeek(out _);

    /// <summary>Time left in the current <c>Within</c> block, or the default expectation timeout outside one.</summary>
    public TimeSpan RemainingOrDefault => Remaining(null);

    /// <summary><paramref name="duration"/> stretched by the time factor.</summary>
    public static TimeSpan Dilated(TimeSpan duration) => TestKitTimeouts.Dilated(duration);

    /// <summary>
    /// Makes the test actor watch <paramref name="actor"/> and returns once the watch is in place, so a stop
    /// that follows is always seen; expect the <see cref="Terminated"/> with <see cref="ExpectTerminated"/>.
    /// </summary>
    public IActorRef Watch(IActorRef actor)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TestActor.Tell(new WatchCommand(actor, done), null);
        Wait(done.Task.WaitAsync(TestKitTimeouts.DefaultExpect));
        return actor;
    }

    /// <summary>Makes the test actor stop watching <paramref name="actor"/>, and returns once it has.</summary>
    public IActorRef Unwatch(IActorRef actor)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TestActor.Tell(new UnwatchCommand(actor, done), null);
        Wait(done.Task.WaitAsync(TestKitTimeouts.DefaultExpect));
        return actor;
    }

    /// <summary>Expects the next message to be a <typeparamref name="T"/> (matching <paramref name="predicate"/> if given).</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null, Predicate<T>? predicate = null, string? hint = null) =>
        Wait(ExpectMsgAsync(timeout, predicate, hint));

    /// <summary>Expects the next message to be a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null, string? hint = null) =>
        Wait(ExpectMsgAsync(timeout, predicate, hint));

    /// <summary>Expects the next message to equal <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
        where T : notnull =>
        Wait(ExpectMsgAsync(timeout, (Predicate<T>)(m => Equals(m, expected)), $"equal to {expected}"));

    /// <summary>Async twin of <see cref="ExpectMsg{T}(TimeSpan?, Predicate{T}?, string?)"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null, Predicate<T>? predicate = null, string? hint = null)
    {
        var max = Remaining(timeout);
        var what = $"a {typeof(T).Name}{(hint is null ? predicate is null ? "" : " matching the predicate" : " " + hint)}";
        var started = Stopwatch.GetTimestamp();
        var received = await ReceiveOneAsync(max).ConfigureAwait(false)
            ?? throw Failure($"ExpectMsg: timed out after {Format(max)} waiting for {what}; no message arrived.");
        if (received.Message is T typed && (predicate is null || predicate(typed)))
        {
            return typed;
        }
        throw Failure($"ExpectMsg: expected {what}, but got {Describe(received)} {Format(Stopwatch.GetElapsedTime(started))} into the wait.");
    }

    /// <summary>Async twin of <see cref="ExpectMsg{T}(Predicate{T}, TimeSpan?, string?)"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(Predicate<T> predicate, TimeSpan? timeout = null, string? hint = null) =>
        ExpectMsgAsync(timeout, predicate, hint);

    /// <summary>Expects <see cref="Terminated"/> for <paramref name="actor"/> (watch it first with <see cref="Watch"/>).</summary>
    public Terminated ExpectTerminated(IActorRef actor, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(actor), timeout, $"for {actor.Path}");

    /// <summary>Async twin of <see cref="ExpectTerminated"/>.</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef actor, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(actor), timeout, $"for {actor.Path}");

    /// <summary>
    /// Expects no message for <paramref name="duration"/> (default 200 ms × time factor). Asserting absence
    /// needs a wait; keep it short and use it only where absence is the behaviour under test.
    /// </summary>
    public void ExpectNoMsg(TimeSpan? duration = null) => Wait(ExpectNoMsgAsync(duration));

    /// <summary>Async twin of <see cref="ExpectNoMsg"/>.</summary>
    public async Task ExpectNoMsgAsync(TimeSpan? duration = null)
    {
        var max = duration ?? TestKitTimeouts.DefaultNoMessage;
        var started = Stopwatch.GetTimestamp();
        var received = await ReceiveOneAsync(max).ConfigureAwait(false);
        if (received is not null)
        {
            throw Failure($"ExpectNoMsg: expected no message for {Format(max)}, but got {Describe(received)} after {Format(Stopwatch.GetElapsedTime(started))}.");
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> messages, whatever they are.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null) => Wait(ReceiveNAsync(count, timeout));

    /// <summary>Async twin of <see cref="ReceiveN"/>.</summary>
    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null)
    {
        var max = Remaining(timeout);
        var end = Stopwatch.GetTimestamp() + ToTicks(max);
        var messages = new List<object>(count);
        while (messages.Count < count)
        {
            var received = await ReceiveOneAsync(Left(end)).ConfigureAwait(false);
            if (received is null)
            {
                throw Failure($"ReceiveN: got {messages.Count} of {count} messages within {Format(max)}: [{string.Join(", ", messages.Take(10))}{(messages.Count > 10 ? ", …" : "")}]");
            }
            messages.Add(received.Message);
        }
        return messages;
    }

    /// <summary>
    /// Takes messages while they satisfy <paramref name="shouldContinue"/> and each arrives within
    /// <paramref name="idle"/> of the previous one; the first that does not satisfy it stays queued.
    /// </summary>
    public IReadOnlyList<object> ReceiveWhile(Predicate<object> shouldContinue, TimeSpan? idle = null, TimeSpan? max = null) =>
        Wait(ReceiveWhileAsync(shouldContinue, idle, max));

    /// <summary>Async twin of <see cref="ReceiveWhile"/>.</summary>
    public async Task<IReadOnlyList<object>> ReceiveWhileAsync(Predicate<object> shouldContinue, TimeSpan? idle = null, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(shouldContinue);
        var gap = idle ?? TestKitTimeouts.DefaultNoMessage;
        var end = Stopwatch.GetTimestamp() + ToTicks(Remaining(max));
        var messages = new List<object>();
        while (true)
        {
            var left = Left(end);
            if (!await WaitForMessageAsync(gap < left ? gap : left).ConfigureAwait(false)
                || !_queue.Reader.TryPeek(out var next) || !shouldContinue(next.Message))
            {
                return messages;
            }
            var received = await ReceiveOneAsync(TimeSpan.Zero).ConfigureAwait(false);
            messages.Add(received!.Message);
        }
    }

    /// <summary>Skips messages until one satisfies <paramref name="isMessage"/>, and returns it.</summary>
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? timeout = null, string? hint = null) =>
        Wait(FishForMessageAsync(isMessage, timeout, hint));

    /// <summary>Skips messages until a <typeparamref name="T"/> satisfying <paramref name="isMessage"/> arrives, and returns it.</summary>
    public T FishForMessage<T>(Predicate<T>? isMessage = null, TimeSpan? timeout = null, string? hint = null) =>
        (T)Wait(FishForMessageAsync(m => m is T typed && (isMessage is null || isMessage(typed)), timeout, hint ?? $"a {typeof(T).Name}"));

    /// <summary>Async twin of <see cref="FishForMessage(Predicate{object}, TimeSpan?, string?)"/>.</summary>
    public async Task<object> FishForMessageAsync(Predicate<object> isMessage, TimeSpan? timeout = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        var max = Remaining(timeout);
        var end = Stopwatch.GetTimestamp() + ToTicks(max);
        var skipped = new List<string>();
        while (true)
        {
            var received = await ReceiveOneAsync(Left(end)).ConfigureAwait(false);
            if (received is null)
            {
                throw Failure($"FishForMessage: no message {(hint ?? "matching the predicate")} within {Format(max)}; skipped {skipped.Count}: [{string.Join(", ", skipped.Take(10))}]");
            }
            if (isMessage(received.Message))
            {
                return received.Message;
            }
            skipped.Add(received.Message.ToString() ?? received.Message.GetType().Name);
        }
    }

    /// <summary>
    /// Runs <paramref name="block"/>, which must finish within <paramref name="max"/> (and take at least
    /// <paramref name="min"/>); expectations inside it wait at most for the time left.
    /// </summary>
    public void Within(TimeSpan max, Action block, TimeSpan? min = null) =>
        Wait(WithinAsync(max, () =>
        {
            block();
            return Task.CompletedTask;
        }, min));

    /// <summary>Async twin of <see cref="Within"/>.</summary>
    public async Task WithinAsync(TimeSpan max, Func<Task> block, TimeSpan? min = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        var dilated = Dilated(max);
        var started = Stopwatch.GetTimestamp();
        var outer = _deadline;
        var end = started + ToTicks(dilated);
        _deadline = outer is { } o && o < end ? o : end;
        try
        {
            await block().ConfigureAwait(false);
        }
        finally
        {
            _deadline = outer;
        }
        var took = Stopwatch.GetElapsedTime(started);
        if (took > dilated)
        {
            throw Failure($"Within: the block took {Format(took)}, more than {Format(dilated)}.");
        }
        if (min is { } least && took < least)
        {
            throw Failure($"Within: the block took {Format(took)}, less than the minimum {Format(least)}.");
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes, or rethrows its last failure after <paramref name="duration"/>.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null) =>
        Wait(AwaitAssertAsync(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, duration, interval));

    /// <summary>Async twin of <see cref="AwaitAssert"/>.</summary>
    public async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var max = Remaining(duration);
        var end = Stopwatch.GetTimestamp() + ToTicks(max);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (Stopwatch.GetTimestamp() < end)
            {
                await Task.Delay(pause).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling every <paramref name="interval"/>; fails after <paramref name="max"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null) =>
        Wait(AwaitConditionAsync(() => Task.FromResult(condition()), max, interval, message));

    /// <summary>Async twin of <see cref="AwaitCondition"/>.</summary>
    public async Task AwaitConditionAsync(Func<Task<bool>> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = Remaining(max);
        var end = Stopwatch.GetTimestamp() + ToTicks(limit);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (!await condition().ConfigureAwait(false))
        {
            if (Stopwatch.GetTimestamp() >= end)
            {
                throw Failure($"AwaitCondition: {message ?? "the condition"} did not hold within {Format(limit)}.");
            }
            await Task.Delay(pause).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the next message, or null if none arrives within <paramref name="max"/>.</summary>
    private async Task<ReceivedMessage?> ReceiveOneAsync(TimeSpan max)
    {
        ReceivedMessage? received;
        while (!_queue.Reader.TryRead(out received))
        {
            if (!await WaitForMessageAsync(max).ConfigureAwait(false))
            {
                return null;
            }
        }
        LastSender = received.Sender;
        return received;
    }

    /// <summary>True once a message is queued, false if none is within <paramref name="max"/>.</summary>
    private async Task<bool> WaitForMessageAsync(TimeSpan max)
    {
        if (_queue.Reader.TryPeek(out _))
        {
            return true;
        }
        if (max <= TimeSpan.Zero)
        {
            return false;
        }
        using var timeout = new CancellationTokenSource(max);
        try
        {
            return await _queue.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private TimeSpan Remaining(TimeSpan? requested)
    {
        if (_deadline is { } deadline)
        {
            var left = Left(deadline);
            return requested is { } r && r < left ? r : left;
        }
        return requested ?? TestKitTimeouts.DefaultExpect;
    }

    private static TimeSpan Left(long end) =>
        TimeSpan.FromTicks(Math.Max(0, (long)((end - Stopwatch.GetTimestamp()) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency))));

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static string Format(TimeSpan span) =>
        span.TotalSeconds >= 1
            ? span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"
            : span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private static string Describe(ReceivedMessage received) =>
        $"{received.Message.GetType().Name} {{ {received.Message} }} from {received.Sender.Path}";

    private static XunitException Failure(string message) => new(message);

    /// <summary>Blocks on an expectation for sync tests; safe because the async core never captures a context.</summary>
    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();
}
