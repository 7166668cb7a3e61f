using System.Collections.Concurrent;
using System.Text.Json;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorRpc.Cluster.Records;

/// <summary>
/// A RabbitMQ stream every node reads from its first retained record (or from an offset it already knows the state
/// at) and keeps reading live: an ordered, replayable log that outlives nodes (and broker restarts, as long as the
/// broker keeps its data).
/// <see cref="SyncAsync"/> gives read-your-writes across nodes: it appends a marker and waits until this node
/// has read it, so everything appended anywhere before has been applied here.
/// </summary>
/// <typeparam name="TRecord">The record type (JSON on the wire).</typeparam>
internal sealed class RecordStream<TRecord>
    where TRecord : class, IStreamRecord
{
    private readonly RabbitLink _link;
    private readonly string _name;
    private readonly Func<TRecord, long, Task> _apply;
    private readonly Func<string, TRecord> _marker;
    private readonly ILogger _log;
    private readonly TimeSpan _timeout;

    /// <summary>Waiters for records (markers or writes) by id.</summary>
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _awaited = new(StringComparer.Ordinal);

    /// <summary>The consumer's channel.</summary>
    private IChannel? _channel;

    /// <summary>The offset of the last record applied (-1: none yet); a record at or before it is not applied again.</summary>
    private long _lastOffset = -1;

    /// <summary>Deliveries acknowledged together (well under the prefetch of 1000, so the broker never waits for an acknowledgement).</summary>
    private const int AckEvery = 100;

    /// <summary>Deliveries of the current reading not acknowledged yet (the consumer's thread only).</summary>
    private int _unacked;

    /// <summary>Where the first reading started (a restart before any record was read starts there again).</summary>
    private object _start = "first";

    /// <param name="link">The connection.</param>
    /// <param name="name">The stream's name.</param>
    /// <param name="apply">Applies one record, with its offset in the stream, in stream order, on the consumer's thread.</param>
    /// <param name="marker">Makes a marker record with an id.</param>
    /// <param name="timeout">The bound on appends and syncs.</param>
    /// <param name="log">The log.</param>
    public RecordStream(RabbitLink link, string name, Func<TRecord, long, Task> apply, Func<string, TRecord> marker, TimeSpan timeout, ILogger log)
    {
        _link = link;
        _name = name;
        _apply = apply;
        _marker = marker;
        _timeout = timeout;
        _log = log;
    }

    /// <summary>Declares the stream, starts reading it, and returns once the reading has reached its end.</summary>
    /// <param name="arguments">Extra stream arguments (retention).</param>
    /// <param name="from">The offset of the first record to read; null for the first one retained.</param>
    /// <param name="since">Read from the first chunk the broker wrote at or after this time instead (whole seconds).</param>
    public async Task StartAsync(IDictionary<string, object?>? arguments = null, long? from = null, DateTimeOffset? since = null)
    {
        var declared = new Dictionary<string, object?> { ["x-queue-type"] = "stream" };
        foreach (var (key, value) in arguments ?? new Dictionary<string, object?>())
        {
            declared[key] = value;
        }
        await _link.DeclareAsync(channel => channel.QueueDeclareAsync(_name, durable: true, exclusive: false, autoDelete: false, declared)).ConfigureAwait(false);
        _start = StartingPoint(from, since);
        await ReadAsync(_start, caughtUp: true).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads on from the record after the last one applied, after a reconnection (the consumer died with the old
    /// connection). Nothing for a stream no longer read.
    /// </summary>
    /// <param name="caughtUp">Return once the reading has caught up (else as soon as it has begun; <see cref="SyncAsync"/> waits for it then).</param>
    public async Task RestartAsync(bool caughtUp)
    {
        if (Volatile.Read(ref _channel) is not { } old)
        {
            return;
        }
        await RabbitLink.CloseQuietlyAsync(old).ConfigureAwait(false);
        await ReadAsync(Interlocked.Read(ref _lastOffset) is >= 0 and var last ? last + 1 : _start, caughtUp).ConfigureAwait(false);
    }

    /// <summary>Subscribes from <paramref name="start"/> on a channel of its own, and (with <paramref name="caughtUp"/>) returns once the reading has reached the end.</summary>
    /// <remarks>
    /// A stream that has just been declared, or whose broker has just restarted, may not run yet, and consuming it then
    /// fails the whole connection (RabbitMQ 3.10 answers INTERNAL_ERROR): the subscription comes after a confirmed
    /// marker, which proves the stream's writer is up, and reading that same marker back says the reading has caught up.
    /// </remarks>
    private Task ReadAsync(object start, bool caughtUp) =>
        AppendAsync(_marker(Guid.NewGuid().ToString("N")), waitApplied: caughtUp, afterAppend: () => SubscribeAsync(start));

    private async Task SubscribeAsync(object start)
    {
        // Streams need manual acknowledgements and a prefetch (the acks only move the credit window).
        var channel = await _link.OpenConsumerChannelAsync(1000).ConfigureAwait(false);
        _channel = channel;
        _unacked = 0;
        var epoch = _link.Epoch;
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => OnRecordAsync(channel, epoch, delivery);
        await channel.BasicConsumeAsync(_name, autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false,
            new Dictionary<string, object?> { ["x-stream-offset"] = start }, consumer).ConfigureAwait(false);
    }

    private static object StartingPoint(long? from, DateTimeOffset? since) =>
        from is { } offset ? offset
        : since is { } time ? new AmqpTimestamp(time.ToUnixTimeSeconds())
        : "first";

    /// <summary>Stops reading (appending still works); for a stream that is only read once, at start.</summary>
    public async Task StopReadingAsync()
    {
        if (Interlocked.Exchange(ref _channel, null) is { } channel)
        {
            await channel.CloseAsync().ConfigureAwait(false);
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task OnRecordAsync(IChannel channel, int epoch, BasicDeliverEventArgs delivery)
    {
        if (!_link.IsCurrent(epoch))
        {
            // Read on a connection that has dropped since: the next reading starts after the last record applied.
            return;
        }
        var offset = OffsetOf(delivery);
        try
        {
            var record = offset >= 0 && offset <= Interlocked.Read(ref _lastOffset) ? null : JsonSerializer.Deserialize<TRecord>(delivery.Body.Span, ClusterJson.Options);
            if (record is not null)
            {
                await _apply(record, offset).ConfigureAwait(false);
                if (offset >= 0)
                {
                    Interlocked.Exchange(ref _lastOffset, offset);
                }
                if (record.Id is { } id && _awaited.TryRemove(id, out var waiter))
                {
                    waiter.TrySetResult();
                }
            }
        }
        catch (JsonException ex)
        {
            _log.LogWarning("Skipped an unreadable record on {Stream}: {Error}", _name, ex.Message);
        }
        if (++_unacked >= AckEvery && ReferenceEquals(_channel, channel) && _link.IsCurrent(epoch))
        {
            // The acknowledgements of a stream only move its credit window: one for many keeps a catch-up fast.
            _unacked = 0;
            try
            {
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: true).ConfigureAwait(false);
            }
            catch (Exception ex) when (RabbitLink.IsLinkFailure(ex))
            {
                // The connection dropped meanwhile: the next reading starts after the last record applied.
            }
        }
    }

    /// <summary>The record's offset in the stream, which the broker puts in every delivery's headers.</summary>
    private static long OffsetOf(BasicDeliverEventArgs delivery) =>
        delivery.BasicProperties.Headers is { } headers && headers.TryGetValue("x-stream-offset", out var offset) && offset is long value ? value : -1;

    /// <summary>Appends <paramref name="record"/> (confirmed); with <paramref name="waitApplied"/>, also waits until this node has applied it.</summary>
    /// <param name="record">The record.</param>
    /// <param name="waitApplied">Also wait until this node has read it back and applied it.</param>
    /// <param name="afterAppend">Runs once the broker has confirmed it, before the wait (the reading it is waited on may start there).</param>
    /// <exception cref="ClusterUnavailableException">The broker did not take it in time.</exception>
    public async Task AppendAsync(TRecord record, bool waitApplied, Func<Task>? afterAppend = null)
    {
        TaskCompletionSource? applied = null;
        if (waitApplied)
        {
            applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited[record.Id ?? throw new ArgumentException("A record waited for needs an id.", nameof(record))] = applied;
        }
        try
        {
            await _link.AppendAsync(_name, JsonSerializer.SerializeToUtf8Bytes(record, ClusterJson.Options), _timeout).ConfigureAwait(false);
            if (afterAppend is not null)
            {
                await afterAppend().ConfigureAwait(false);
            }
            if (applied is not null)
            {
                await applied.Task.WaitAsync(_timeout).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            throw new ClusterUnavailableException($"this node did not read back its record on {_name} within {_timeout.TotalSeconds:0} s");
        }
        finally
        {
            if (record.Id is { } id)
            {
                _awaited.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Returns once every record appended anywhere before this call has been applied on this node.</summary>
    public Task SyncAsync() => AppendAsync(_marker(Guid.NewGuid().ToString("N")), waitApplied: true);
}

/// <summary>A record with an optional id that writers can wait for.</summary>
internal interface IStreamRecord
{
    /// <summary>The id a writer waits for, when it waits.</summary>
    string? Id { get; }
}
