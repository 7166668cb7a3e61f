using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace ActorRpc.Cluster.Transport;

/// <summary>
/// A node's one connection to RabbitMQ and the channels it publishes on: requests with direct reply-to
/// (confirmed ones and quick ones), records on streams (confirmed), and fire-and-forget messages (replies,
/// heartbeats, probes). The client library recovers the connection by itself; while it is down every publish
/// fails at once with <see cref="ClusterUnavailableException"/>, and calls waiting for replies fail when it drops
/// (their replies cannot survive a reconnect).
/// </summary>
/// <remarks>
/// RabbitMQ.Client 7.1.2 rules this class keeps: no cancellable token is ever passed to a publish on a confirming
/// channel (a cancelled one corrupts confirm tracking); a confirm wait is bounded with <c>WaitAsync</c> instead.
/// </remarks>
internal sealed class RabbitLink : IAsyncDisposable
{
    /// <summary>The pseudo-queue of direct reply-to.</summary>
    public const string ReplyTo = "amq.rabbitmq.reply-to";

    private readonly IConnection _connection;
    private readonly ILogger _log;

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

    /// <summary>Counts connection losses; a delivery from an earlier epoch must not be acknowledged (its channel state is gone).</summary>
    private int _epoch;

    private RabbitLink(IConnection connection, ILogger log)
    {
        _connection = connection;
        _log = log;
    }

    /// <summary>The connection (for consumers' channels).</summary>
    public IConnection Connection => _connection;

    /// <summary>True while the broker is reachable.</summary>
    public bool IsUp => Volatile.Read(ref _down) == 0 && _connection.IsOpen;

    /// <summary>The current connection epoch (see <see cref="LinkLost"/>).</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    /// <summary>Raised when the connection drops (on the library's thread).</summary>
    public event Action? LinkLost;

    /// <summary>Raised when the library has recovered the connection, its channels and consumers.</summary>
    public event Action? LinkRestored;

    /// <summary>Connects, opens the publishing channels and starts listening for replies.</summary>
    public static async Task<RabbitLink> ConnectAsync(Uri uri, string nodeName, ILogger log, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = uri,
            ClientProvidedName = "actorrpc:" + nodeName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromMilliseconds(500),
            RequestedHeartbeat = TimeSpan.FromSeconds(5),
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
        var link = new RabbitLink(connection, log);
        await link.OpenAsync(cancellationToken).ConfigureAwait(false);
        return link;
    }

    /// <summary>The URI without its password, for messages.</summary>
    public static string Redacted(Uri uri) => new UriBuilder(uri) { Password = uri.UserInfo.Contains(':', StringComparison.Ordinal) ? "***" : string.Empty }.Uri.ToString();

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        var confirming = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        _confirmedCalls = await _connection.CreateChannelAsync(confirming, cancellationToken).ConfigureAwait(false);
        _quickCalls = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _records = await _connection.CreateChannelAsync(confirming, cancellationToken).ConfigureAwait(false);
        _notes = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        // Direct reply-to: the reply consumer must exist on the publishing channel before the first request.
        foreach (var channel in new[] { _confirmedCalls, _quickCalls })
        {
            var replies = new AsyncEventingBasicConsumer(channel);
            replies.ReceivedAsync += OnReplyAsync;
            await channel.BasicConsumeAsync(ReplyTo, autoAck: true, replies, cancellationToken).ConfigureAwait(false);
        }
        _connection.ConnectionShutdownAsync += OnShutdownAsync;
        _connection.RecoverySucceededAsync += OnRecoveredAsync;
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
        Interlocked.Exchange(ref _down, 1);
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
        _log.LogInformation("Reconnected to RabbitMQ");
        LinkRestored?.Invoke();
        return Task.CompletedTask;
    }

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
            throw new ClusterUnavailableException("the cluster's broker is unreachable; try again later");
        }
        var deadline = DateTimeOffset.UtcNow + timeout;
        var properties = new BasicProperties
        {
            MessageId = id,
            CorrelationId = id,
            ReplyTo = ReplyTo,
            Type = type,
            Persistent = changesState,
            Expiration = ((long)timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Headers = new Dictionary<string, object?> { [DeadlineHeader] = deadline.ToUnixTimeMilliseconds() },
        };
        // The request's trace travels with it: the executing node's log lines carry the same trace id.
        if (System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C, Id: { } traceparent })
        {
            properties.Headers[TraceHeader] = traceparent;
        }
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            var channel = changesState ? _confirmedCalls : _quickCalls;
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body).AsTask().WaitAsync(timeout).ConfigureAwait(false);
            return await reply.Task.WaitAsync(deadline - DateTimeOffset.UtcNow).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ClusterUnavailableException($"no answer from the cluster within {timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is AlreadyClosedException or PublishException or OperationInterruptedException or ObjectDisposedException)
        {
            throw new ClusterUnavailableException($"the cluster's broker did not take the request: {ex.Message}", ex);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

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
        try
        {
            await _records.BasicPublishAsync(string.Empty, stream, mandatory: false, new BasicProperties { Persistent = true }, body)
                .AsTask().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ClusterUnavailableException($"the broker did not confirm a record on {stream} within {timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is AlreadyClosedException or PublishException or OperationInterruptedException or ObjectDisposedException)
        {
            throw new ClusterUnavailableException($"the broker did not take a record on {stream}: {ex.Message}", ex);
        }
    }

    /// <summary>Publishes without waiting for anything (a reply, a heartbeat, a probe); false when the broker is out of reach.</summary>
    public async Task<bool> NoteAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, BasicProperties? properties = null)
    {
        if (!IsUp)
        {
            return false;
        }
        try
        {
            await _notes.BasicPublishAsync(exchange, routingKey, mandatory: false, properties ?? new BasicProperties(), body).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or ObjectDisposedException)
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
