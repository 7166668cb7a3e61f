using System.Collections.Concurrent;
using System.Threading.Channels;
using ActorRpc.Actors.Router;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace ActorRpc.Cluster.Transport;

/// <summary>
/// A node's one connection to RabbitMQ and the channels it publishes on: requests with direct reply-to
/// (confirmed ones and quick ones), records on streams (confirmed), and fire-and-forget messages (replies,
/// heartbeats, probes). While the connection is down every publish fails at once with
/// <see cref="ClusterUnavailableException"/>, and calls waiting for replies fail when it drops (their replies cannot
/// survive a reconnect).
/// </summary>
/// <remarks>
/// <para>The client library reopens the connection and its channels by itself, but not the subscriptions: after a
/// drop this node no longer knows which shards it holds, and a consumer brought back behind its owner's back would
/// receive requests that nobody serves. The link re-subscribes its reply consumers, then runs <see cref="Restore"/>
/// (the node subscribes everything again from its own state); until that has succeeded, <see cref="IsUp"/> is false
/// and cluster calls are refused. Every subscription remembers the <see cref="Epoch"/> it was made in: a delivery of
/// an earlier connection, dispatched after the drop, is neither run nor acknowledged (its delivery tag would name
/// another delivery, or none, on the reopened channel, and the broker closes a channel that acknowledges an unknown
/// tag).</para>
/// <para>A publish on a confirming channel is bounded by a token that the request's deadline cancels: the library
/// then drops the publish and its confirm tracking (RabbitMQ.Client 7.2 does so correctly; 7.1.2 corrupted its
/// tracking on a cancelled token, and this class had bounded the wait from outside instead).</para>
/// </remarks>
internal sealed class RabbitLink : IAsyncDisposable
{
    /// <summary>The pseudo-queue of direct reply-to.</summary>
    public const string ReplyTo = "amq.rabbitmq.reply-to";

    private readonly IConnection _connection;
    private readonly ILogger _log;

    /// <summary>Wall-clock time for deadlines (a test shifts it to play a frozen process).</summary>
    private readonly TimeProvider _clock;

    /// <summary>Calls waiting for their reply, by correlation id.</summary>
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _pending = new(StringComparer.Ordinal);

    /// <summary>Confirmed publishes of requests that change something (their replies come back here too).</summary>
    private IChannel _confirmedCalls = null!;

    /// <summary>Unconfirmed publishes of read-only requests (a reply proves delivery).</summary>
    private IChannel _quickCalls = null!;

    /// <summary>Confirmed publishes of stream records.</summary>
    private IChannel _records = null!;

    /// <summary>Fire-and-forget publishes: replies, heartbeats, probes.</summary>
    private IChannel _notes = null!;

    /// <summary>0 while connected, 1 while the connection is down.</summary>
    private int _down;

    /// <summary>1 from a reconnection until <see cref="Restore"/> has subscribed everything again.</summary>
    private int _restoring;

    /// <summary>Lets one <see cref="RestoreAsync"/> run at a time.</summary>
    private readonly SemaphoreSlim _restoreGate = new(1, 1);

    /// <summary>The connection epoch <see cref="_withReplies"/> is of.</summary>
    private int _repliesEpoch;

    /// <summary>The call channels whose reply consumer is in place on the current connection (a second one closes the channel).</summary>
    private readonly HashSet<IChannel> _withReplies = [];

    /// <summary>Counts connection losses; a delivery from an earlier epoch must not be acknowledged (its channel state is gone).</summary>
    private int _epoch;

    private RabbitLink(IConnection connection, ILogger log, TimeProvider clock)
    {
        _connection = connection;
        _log = log;
        _clock = clock;
    }

    /// <summary>The connection (for consumers' channels).</summary>
    public IConnection Connection => _connection;

    /// <summary>True while the connection is open (records and notes can be published; subscriptions may still be missing).</summary>
    public bool IsConnected => Volatile.Read(ref _down) == 0 && _connection.IsOpen;

    /// <summary>True while the broker is reachable and this node's subscriptions are in place: cluster calls can be made.</summary>
    public bool IsUp => IsConnected && Volatile.Read(ref _restoring) == 0;

    /// <summary>Why <see cref="IsUp"/> is false, or null.</summary>
    public string? Problem =>
        !IsConnected ? "the connection to the cluster's broker is down"
        : Volatile.Read(ref _restoring) != 0 ? "it reconnected to the cluster's broker and is subscribing again"
        : null;

    /// <summary>The current connection epoch: it grows when the connection drops (see <see cref="IsCurrent"/>).</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    /// <summary>True when something subscribed in <paramref name="epoch"/> still lives on the current connection.</summary>
    public bool IsCurrent(int epoch) => epoch == Epoch && IsConnected;

    /// <summary>Raised when the connection drops (on the library's thread).</summary>
    public event Action? LinkLost;

    /// <summary>
    /// Subscribes everything again after a reconnection (the reply consumers are back already). When it throws, it is
    /// run again a little later while the connection stays up; until it succeeds, <see cref="IsUp"/> stays false.
    /// </summary>
    public Func<Task>? Restore { get; set; }

    /// <summary>Connects, opens the publishing channels and starts listening for replies.</summary>
    /// <param name="uri">The broker.</param>
    /// <param name="nodeName">This node's name (the connection's name on the broker).</param>
    /// <param name="heartbeat">The AMQP heartbeat: the broker closes the connection of a process silent for about two to three of these.</param>
    /// <param name="log">The log.</param>
    /// <param name="clock">Wall-clock time for request deadlines.</param>
    /// <param name="cancellationToken">Gives up connecting.</param>
    public static async Task<RabbitLink> ConnectAsync(Uri uri, string nodeName, TimeSpan heartbeat, ILogger log, TimeProvider clock, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = uri,
            ClientProvidedName = "actorrpc:" + nodeName,
            AutomaticRecoveryEnabled = true,
            // Channels come back by themselves; subscriptions are this node's to restore (see the remarks).
            TopologyRecoveryEnabled = false,
            NetworkRecoveryInterval = TimeSpan.FromMilliseconds(500),
            RequestedHeartbeat = heartbeat,
        };
        IConnection connection;
        try
        {
            connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BrokerUnreachableException ex)
        {
            throw new ClusterUnavailableException($"cannot reach RabbitMQ at {Redacted(uri)}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        var link = new RabbitLink(connection, log, clock);
        await link.OpenAsync(cancellationToken).ConfigureAwait(false);
        return link;
    }

    /// <summary>The URI without its password, for messages.</summary>
    public static string Redacted(Uri uri) => new UriBuilder(uri) { Password = uri.UserInfo.Contains(':', StringComparison.Ordinal) ? "***" : string.Empty }.Uri.ToString();

    private static readonly CreateChannelOptions s_confirming = new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        _confirmedCalls = await _connection.CreateChannelAsync(s_confirming, cancellationToken).ConfigureAwait(false);
        _quickCalls = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _records = await _connection.CreateChannelAsync(s_confirming, cancellationToken).ConfigureAwait(false);
        _notes = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await ListenForRepliesAsync(cancellationToken).ConfigureAwait(false);
        _connection.ConnectionShutdownAsync += OnShutdownAsync;
        _connection.RecoverySucceededAsync += OnRecoveredAsync;
    }

    /// <summary>
    /// After a reconnection: reopens any publishing channel the broker closed (a channel error, say a queue not up yet
    /// after a broker restart, closes only its channel, and the library reopens channels only with the connection),
    /// and puts the reply consumers back once per connection.
    /// </summary>
    private async Task ReopenChannelsAsync(int epoch)
    {
        if (!_confirmedCalls.IsOpen)
        {
            _confirmedCalls = await _connection.CreateChannelAsync(s_confirming).ConfigureAwait(false);
        }
        if (!_quickCalls.IsOpen)
        {
            _quickCalls = await _connection.CreateChannelAsync().ConfigureAwait(false);
        }
        if (!_records.IsOpen)
        {
            _records = await _connection.CreateChannelAsync(s_confirming).ConfigureAwait(false);
        }
        if (!_notes.IsOpen)
        {
            _notes = await _connection.CreateChannelAsync().ConfigureAwait(false);
        }
        if (_repliesEpoch != epoch)
        {
            // The recovered channels lost their consumers with the old connection.
            _withReplies.Clear();
            _repliesEpoch = epoch;
        }
        await ListenForRepliesAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Direct reply-to: the reply consumer must exist on each publishing channel before its first request.</summary>
    private async Task ListenForRepliesAsync(CancellationToken cancellationToken)
    {
        foreach (var channel in new[] { _confirmedCalls, _quickCalls })
        {
            if (_withReplies.Contains(channel))
            {
                continue;
            }
            var replies = new AsyncEventingBasicConsumer(channel);
            replies.ReceivedAsync += OnReplyAsync;
            await channel.BasicConsumeAsync(ReplyTo, autoAck: true, replies, cancellationToken).ConfigureAwait(false);
            _withReplies.Add(channel);
        }
    }

    private Task OnReplyAsync(object sender, BasicDeliverEventArgs delivery)
    {
        if (delivery.BasicProperties.CorrelationId is { } id && _pending.TryRemove(id, out var waiting))
        {
            waiting.TrySetResult(delivery.Body.ToArray());
        }
        return Task.CompletedTask;
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs reason)
    {
        if (_connection.IsOpen)
        {
            // The shutdown of a connection the library has already replaced: nothing of the current one was lost.
            _log.LogDebug("Ignored the late shutdown of an earlier connection to RabbitMQ ({Reason})", reason.ReplyText);
            return Task.CompletedTask;
        }
        Interlocked.Exchange(ref _down, 1);
        Interlocked.Exchange(ref _restoring, 1);
        Interlocked.Increment(ref _epoch);
        _log.LogWarning("Lost the connection to RabbitMQ ({Reason}); cluster-bound requests fail until it is back", reason.ReplyText);
        var failure = new ClusterUnavailableException("the connection to the cluster's broker was lost before the answer came");
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiting))
            {
                waiting.TrySetException(failure);
            }
        }
        LinkLost?.Invoke();
        return Task.CompletedTask;
    }

    private Task OnRecoveredAsync(object sender, AsyncEventArgs args)
    {
        Interlocked.Exchange(ref _down, 0);
        var epoch = Epoch;
        _log.LogInformation("Reconnected to RabbitMQ; subscribing again");
        // Off the library's recovery thread: restoring talks to the broker and waits for its answers.
        _ = Task.Run(() => RestoreAsync(epoch));
        return Task.CompletedTask;
    }

    /// <summary>Subscribes the reply consumers and then everything else again, retrying while connection <paramref name="epoch"/> lasts.</summary>
    private async Task RestoreAsync(int epoch)
    {
        // One restoring at a time: a reconnection during the last one's retries waits for it to see its epoch is gone.
        await _restoreGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await RestoreOnceAsync(epoch).ConfigureAwait(false);
        }
        finally
        {
            _restoreGate.Release();
        }
    }

    private async Task RestoreOnceAsync(int epoch)
    {
        var took = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; IsCurrent(epoch); attempt++)
        {
            try
            {
                await ReopenChannelsAsync(epoch).ConfigureAwait(false);
                if (Restore is { } restore)
                {
                    await restore().ConfigureAwait(false);
                }
                if (IsCurrent(epoch))
                {
                    Interlocked.Exchange(ref _restoring, 0);
                    _log.LogInformation("Subscribed again after reconnecting to RabbitMQ ({Seconds:0.0} s): this node serves cluster requests again", took.Elapsed.TotalSeconds);
                }
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _log.LogError("Could not subscribe again after reconnecting to RabbitMQ (attempt {Attempt}): {Error}; this node serves no cluster requests until it has",
                    attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt))).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closes a channel that may already have gone with its connection (then there is nothing left to close).</summary>
    public static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            await channel.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsLinkFailure(ex))
        {
            // Closed with the old connection.
        }
    }

    /// <summary>True for the exceptions a publish, an acknowledgement or a subscription throws when the connection or its channel is gone.</summary>
    public static bool IsLinkFailure(Exception ex) =>
        ex is OperationInterruptedException or PublishException or ObjectDisposedException or ChannelClosedException or IOException;

    /// <summary>
    /// Sends a request to <paramref name="queue"/> and waits for its reply. A request that changes something is
    /// persistent and confirmed before the wait (so a broker that took it keeps it); a read-only one is neither.
    /// </summary>
    /// <param name="queue">The queue of the bot's shard or of the method.</param>
    /// <param name="id">The request's message id (the executor deduplicates on it) and correlation id.</param>
    /// <param name="type">What the body is (the AMQP type property).</param>
    /// <param name="body">The request.</param>
    /// <param name="changesState">Persistent and confirmed when true.</param>
    /// <param name="timeout">The whole wait, confirm included; past it the request also expires in the queue.</param>
    /// <exception cref="ClusterUnavailableException">The broker is out of reach, refused the request, or no answer came in time.</exception>
    public async Task<byte[]> CallAsync(string queue, string id, string type, ReadOnlyMemory<byte> body, bool changesState, TimeSpan timeout)
    {
        if (!IsUp)
        {
            throw new ClusterUnavailableException(IsConnected
                ? "this node reconnected to the cluster's broker and is not subscribed again yet; try again shortly"
                : "the cluster's broker is unreachable; try again later");
        }
        // From the request's acceptance, in wall-clock time: a pause of this process since then counts.
        var now = _clock.GetUtcNow();
        var deadline = RequestClock.DeadlineOf(timeout, now);
        if (deadline <= now)
        {
            throw TimedOut(timeout);
        }
        var properties = new BasicProperties
        {
            MessageId = id,
            CorrelationId = id,
            ReplyTo = ReplyTo,
            Type = type,
            Persistent = changesState,
            Expiration = ((long)Math.Ceiling((deadline - now).TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Headers = new Dictionary<string, object?> { [DeadlineHeader] = deadline.ToUnixTimeMilliseconds() },
        };
        // The request's trace travels with it: the executing node's log lines carry the same trace id.
        if (System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C, Id: { } traceparent })
        {
            properties.Headers[TraceHeader] = traceparent;
        }
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        using var expiry = new CancellationTokenSource(Left(deadline), _clock);
        try
        {
            var channel = changesState ? _confirmedCalls : _quickCalls;
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body, expiry.Token).ConfigureAwait(false);
            var answer = await reply.Task.WaitAsync(expiry.Token).ConfigureAwait(false);
            // A reply processed after the deadline (this process was paused while it came) is a timeout, not a success:
            // the caller may already have been told so.
            return _clock.GetUtcNow() <= deadline ? answer : throw TimedOut(timeout);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && expiry.IsCancellationRequested))
        {
            throw TimedOut(timeout);
        }
        catch (Exception ex) when (IsLinkFailure(ex))
        {
            throw new ClusterUnavailableException($"the cluster's broker did not take the request: {ex.Message}", ex);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>What is left until <paramref name="deadline"/> (zero once it has passed: a wait then times out at once).</summary>
    private TimeSpan Left(DateTimeOffset deadline) => deadline - _clock.GetUtcNow() is { Ticks: > 0 } left ? left : TimeSpan.Zero;

    private static ClusterUnavailableException TimedOut(TimeSpan timeout) =>
        new($"no answer from the cluster within {timeout.TotalSeconds:0} s of accepting the request");

    /// <summary>The header holding the caller's W3C trace context.</summary>
    public const string TraceHeader = "traceparent";

    /// <summary>The caller's trace context of a delivery, when it sent one.</summary>
    public static string? TraceOf(IReadOnlyBasicProperties properties) =>
        properties.Headers is { } headers && headers.TryGetValue(TraceHeader, out var value) && value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The header holding a request's deadline (Unix milliseconds): an executor drops requests past it.</summary>
    public const string DeadlineHeader = "x-actorrpc-deadline";

    /// <summary>Appends a record to a stream and waits for the broker's confirm (bounded).</summary>
    public async Task AppendAsync(string stream, ReadOnlyMemory<byte> body, TimeSpan timeout)
    {
        if (!IsConnected)
        {
            throw new ClusterUnavailableException("the cluster's broker is unreachable; try again later");
        }
        using var expiry = new CancellationTokenSource(timeout);
        try
        {
            await _records.BasicPublishAsync(string.Empty, stream, mandatory: false, new BasicProperties { Persistent = true }, body, expiry.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && expiry.IsCancellationRequested))
        {
            throw new ClusterUnavailableException($"the broker did not confirm a record on {stream} within {timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (IsLinkFailure(ex))
        {
            throw new ClusterUnavailableException($"the broker did not take a record on {stream}: {ex.Message}", ex);
        }
    }

    /// <summary>Publishes without waiting for anything (a reply, a heartbeat, a probe); false when the broker is out of reach.</summary>
    public async Task<bool> NoteAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, BasicProperties? properties = null)
    {
        if (!IsConnected)
        {
            return false;
        }
        try
        {
            await _notes.BasicPublishAsync(exchange, routingKey, mandatory: false, properties ?? new BasicProperties(), body).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsLinkFailure(ex))
        {
            return false;
        }
    }

    /// <summary>Answers a request: the reply goes to the caller's reply-to address with its correlation id.</summary>
    public Task<bool> ReplyAsync(string replyTo, string correlationId, ReadOnlyMemory<byte> body) =>
        NoteAsync(string.Empty, replyTo, body, new BasicProperties { CorrelationId = correlationId });

    /// <summary>A new channel for consumers, with <paramref name="prefetch"/> unacknowledged deliveries per consumer.</summary>
    public async Task<IChannel> OpenConsumerChannelAsync(ushort prefetch, CancellationToken cancellationToken = default)
    {
        var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken).ConfigureAwait(false);
        return channel;
    }

    /// <summary>Declares the cluster objects this node uses (idempotent; every node declares them the same way).</summary>
    public async Task DeclareAsync(Func<IChannel, Task> declare)
    {
        await declare(_notes).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _connection.ConnectionShutdownAsync -= OnShutdownAsync;
        _connection.RecoverySucceededAsync -= OnRecoveredAsync;
        try
        {
            await _connection.CloseAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Already gone: nothing left to close.
        }
        _connection.Dispose();
    }
}
