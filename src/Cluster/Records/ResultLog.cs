using System.Collections.Concurrent;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Cluster.Records;

/// <summary>One entry of the results stream.</summary>
/// <param name="Kind"><c>started</c>, <c>done</c> or <c>marker</c>.</param>
/// <param name="Id">The request's message id (or the marker's id).</param>
/// <param name="Answer">The reply that was sent (<c>done</c>).</param>
internal sealed record ResultRecord(string Kind, string? Id, byte[]? Answer = null) : IStreamRecord;

/// <summary>What the cluster knows of a request id.</summary>
/// <param name="Answer">Its recorded reply when it finished; null when it started and never finished.</param>
/// <param name="At">When it was recorded (for expiry).</param>
internal sealed record ExecutionRecord(byte[]? Answer, DateTimeOffset At);

/// <summary>
/// At-most-once execution across nodes: an executor records "started" before it runs a request that changes
/// something and "done" with the reply after, both confirmed by the broker, and acknowledges only then. A
/// redelivered request (its executor died or handed its shard over) is looked up here first: done means answer
/// from the record; started-but-not-done means it may have run, so it is answered with an explicit failure
/// instead of being run twice. Records are kept for <see cref="ClusterSettings.ResultRetention"/>.
/// </summary>
internal sealed class ResultLog
{
    private readonly RecordStream<ResultRecord> _stream;
    private readonly TimeSpan _retention;
    private readonly ConcurrentDictionary<string, ExecutionRecord> _known = new(StringComparer.Ordinal);

    /// <summary>When expired entries were last pruned.</summary>
    private DateTimeOffset _pruned = DateTimeOffset.UtcNow;

    /// <summary>How far back a joining node reads (see <see cref="StartAsync"/>).</summary>
    private readonly TimeSpan _lookBack;

    public ResultLog(RabbitLink link, string streamName, TimeSpan retention, TimeSpan timeout, ILogger log)
    {
        _retention = retention;
        _lookBack = LookBack(timeout, retention);
        _stream = new RecordStream<ResultRecord>(link, streamName, (record, _) => ApplyAsync(record), id => new ResultRecord("marker", id), timeout, log);
    }

    /// <summary>
    /// Reads the results of the last <see cref="LookBack"/> and returns once caught up. Older ones cannot matter to
    /// this node: a request runs only before its deadline (an executor drops it after), so a redelivery that this
    /// node may run was published less than the request timeout ago, and so was its <c>started</c> record written.
    /// </summary>
    public Task StartAsync() => _stream.StartAsync(new Dictionary<string, object?>
    {
        // Small segments, so that retention by age can drop old ones.
        ["x-max-age"] = $"{Math.Max(1, (int)Math.Ceiling(_retention.TotalMinutes))}m",
        ["x-stream-max-segment-size-bytes"] = 1_000_000,
    }, since: DateTimeOffset.UtcNow - _lookBack);

    /// <summary>
    /// Reads on from the last record read, after a reconnection; returns as soon as the reading has begun. Only a
    /// redelivered request needs these records, and its <see cref="LookupAsync"/> waits until they are read.
    /// </summary>
    public Task RestartAsync() => _stream.RestartAsync(caughtUp: false);

    /// <summary>The request timeout plus a minute for clocks that disagree (the callers' set deadlines, the broker stamps chunks), within the retention.</summary>
    internal static TimeSpan LookBack(TimeSpan requestTimeout, TimeSpan retention) =>
        requestTimeout + TimeSpan.FromMinutes(1) < retention ? requestTimeout + TimeSpan.FromMinutes(1) : retention;

    /// <summary>The record of request <paramref name="id"/>, after making sure every record written before is read.</summary>
    public async Task<ExecutionRecord?> LookupAsync(string id)
    {
        if (_known.TryGetValue(id, out var known))
        {
            return known;
        }
        await _stream.SyncAsync().ConfigureAwait(false);
        return _known.TryGetValue(id, out known) ? known : null;
    }

    /// <summary>Records that request <paramref name="id"/> starts (confirmed).</summary>
    public Task StartedAsync(string id) => _stream.AppendAsync(new ResultRecord("started", id), waitApplied: false);

    /// <summary>Records request <paramref name="id"/>'s reply (confirmed).</summary>
    public Task DoneAsync(string id, byte[] answer) => _stream.AppendAsync(new ResultRecord("done", id, answer), waitApplied: false);

    private Task ApplyAsync(ResultRecord record)
    {
        var now = DateTimeOffset.UtcNow;
        switch (record.Kind)
        {
            case "started" when record.Id is { } id:
                _known.TryAdd(id, new ExecutionRecord(null, now));
                break;
            case "done" when record.Id is { } id:
                _known[id] = new ExecutionRecord(record.Answer ?? [], now);
                break;
        }
        if (now - _pruned > _retention / 4)
        {
            _pruned = now;
            foreach (var (id, entry) in _known)
            {
                if (now - entry.At > _retention)
                {
                    _known.TryRemove(id, out _);
                }
            }
        }
        return Task.CompletedTask;
    }
}
