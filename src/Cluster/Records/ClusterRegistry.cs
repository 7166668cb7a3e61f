using System.Collections.Immutable;
using ActorRpc.Actors.Bots;
using ActorRpc.Cluster.Sharding;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Cluster.Records;

/// <summary>One entry of the bots registry stream.</summary>
/// <param name="Kind"><c>bot</c> (configuration saved), <c>state</c> (lifecycle state recorded), <c>deleted</c>, <c>marker</c>, or
/// <c>snapshot</c> (a snapshot of the registry up to <paramref name="Covers"/> was written to the snapshots stream).</param>
/// <param name="Name">The bot.</param>
/// <param name="Config">The configuration's JSON text (<c>bot</c>).</param>
/// <param name="State">The lifecycle state (<c>state</c>).</param>
/// <param name="Id">An id the writer waits for.</param>
/// <param name="Covers">The last registry offset a snapshot includes (<c>snapshot</c>).</param>
internal sealed record RegistryRecord(string Kind, string? Name = null, string? Config = null, BotState? State = null, string? Id = null, long? Covers = null) : IStreamRecord;

/// <summary>One entry of the registry's snapshots stream: every bot as of a registry offset, or a marker.</summary>
/// <param name="Kind"><c>snapshot</c> or <c>marker</c>.</param>
/// <param name="Covers">The offset of the last registry record the snapshot includes.</param>
/// <param name="Bots">Every bot then.</param>
/// <param name="Id">A marker's id.</param>
internal sealed record RegistrySnapshot(string Kind, long Covers = -1, IReadOnlyList<SnapshotBot>? Bots = null, string? Id = null) : IStreamRecord;

/// <summary>A bot in a snapshot.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Config">Its configuration's JSON text.</param>
/// <param name="State">Its last recorded lifecycle state.</param>
internal sealed record SnapshotBot(string Name, string Config, BotState? State);

/// <summary>A bot as the registry knows it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Config">Its configuration.</param>
/// <param name="State">Its last recorded lifecycle state (null: never recorded; it starts when <c>Enabled</c>).</param>
/// <param name="Shard">The shard it belongs to.</param>
internal sealed record RegisteredBot(string Name, BotConfig Config, BotState? State, int Shard)
{
    /// <summary>The state to give it when it is placed on a node.</summary>
    public BotState InitialState => State ?? (Config.Enabled ? BotState.Running : BotState.Stopped);
}

/// <summary>
/// The cluster's bot namespace: every bot's configuration and last recorded lifecycle state, replicated on every
/// node from the <c>actorrpc.registry</c> stream (last writer wins per bot). Reads are lock-free snapshots.
/// </summary>
/// <remarks>
/// A joining node does not replay the registry from its first record: every <see cref="ClusterSettings.RegistrySnapshotEvery"/>
/// records, one node (<see cref="SnapshotWriter"/>: the first member by name) writes the whole registry as of the record
/// it has just applied to the <c>actorrpc.registry.snapshots</c> stream, then a <c>snapshot</c> record to the registry (which
/// starts every node's count again). A joiner reads the latest snapshot and the registry from the record after the
/// one the snapshot covers: a join reads at most about that many records, however long the cluster has run. Both
/// streams keep a bounded size (oldest segments dropped), far more than one snapshot interval needs.
/// </remarks>
internal sealed class ClusterRegistry
{
    /// <summary>The registry stream's retention: far beyond one snapshot interval (about 200 B a record).</summary>
    private const long RegistryMaxBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The snapshots stream's retention: a joiner reads all of it to find the latest, so it is small (a few snapshots of
    /// 10,000 bots, about 1 MB each; the newest segment is never dropped, however big).
    /// </summary>
    private const long SnapshotsMaxBytes = 8L * 1024 * 1024;

    private readonly RecordStream<RegistryRecord> _stream;
    private readonly RecordStream<RegistrySnapshot> _snapshots;
    private readonly int _shards;
    private readonly int _snapshotEvery;
    private readonly ILogger _log;

    /// <summary>The latest snapshot read from the snapshots stream at start.</summary>
    private RegistrySnapshot? _latestSnapshot;

    /// <summary>The offset of the last registry record applied (written on the stream's thread only).</summary>
    private long _applied = -1;

    /// <summary>Registry records applied since the last <c>snapshot</c> record (stream's thread only).</summary>
    private int _sinceSnapshot;

    /// <summary>The current bots, in ordinal name order.</summary>
    private ImmutableSortedDictionary<string, RegisteredBot> _bots = ImmutableSortedDictionary.Create<string, RegisteredBot>(StringComparer.Ordinal);

    /// <summary>The ordered names of <see cref="_bots"/>, made on first use after each change.</summary>
    private string[]? _names;

    public ClusterRegistry(RabbitLink link, string streamName, int shards, int snapshotEvery, TimeSpan timeout, ILogger log)
    {
        _shards = shards;
        _snapshotEvery = snapshotEvery;
        _log = log;
        _stream = new RecordStream<RegistryRecord>(link, streamName, ApplyAsync, id => new RegistryRecord("marker", Id: id), timeout, log);
        _snapshots = new RecordStream<RegistrySnapshot>(link, streamName + ".snapshots", KeepLatest, id => new RegistrySnapshot("marker", Id: id), timeout, log);
    }

    /// <summary>True on the node that writes snapshots (set once membership is known; until then nobody here writes).</summary>
    public Func<bool> SnapshotWriter { get; set; } = static () => false;

    /// <summary>Raised (on the stream's thread) after a bot was added, its configuration changed, or it was removed (not for a recorded state).</summary>
    public event Action<string>? BotChanged;

    /// <summary>The current bots.</summary>
    public ImmutableSortedDictionary<string, RegisteredBot> Bots => Volatile.Read(ref _bots);

    /// <summary>Every bot name, in ordinal order.</summary>
    public IReadOnlyList<string> Names => Volatile.Read(ref _names) ?? (_names = [.. Bots.Keys]);

    /// <summary>Reads the latest snapshot, then the registry from the record after it to the end; returns once it has.</summary>
    public async Task StartAsync()
    {
        await _snapshots.StartAsync(Retention(SnapshotsMaxBytes, 1024 * 1024)).ConfigureAwait(false);
        await _snapshots.StopReadingAsync().ConfigureAwait(false);
        long? from = null;
        if (Interlocked.Exchange(ref _latestSnapshot, null) is { } snapshot)
        {
            var bots = ImmutableSortedDictionary.CreateBuilder<string, RegisteredBot>(StringComparer.Ordinal);
            foreach (var bot in snapshot.Bots ?? [])
            {
                if (ParseConfig(bot.Name, bot.Config) is { } config)
                {
                    bots[bot.Name] = new RegisteredBot(bot.Name, config, bot.State, ShardMap.ShardOf(bot.Name, _shards));
                }
            }
            Volatile.Write(ref _bots, bots.ToImmutable());
            Volatile.Write(ref _names, null);
            _applied = snapshot.Covers;
            from = snapshot.Covers + 1;
            _log.LogInformation("Read the registry from a snapshot of {Bots} bots (up to offset {Offset}), then the records after it", bots.Count, snapshot.Covers);
        }
        await _stream.StartAsync(Retention(RegistryMaxBytes, 16L * 1024 * 1024), from).ConfigureAwait(false);
    }

    private static Dictionary<string, object?> Retention(long maxBytes, long segmentBytes) => new()
    {
        ["x-max-length-bytes"] = maxBytes,
        ["x-stream-max-segment-size-bytes"] = segmentBytes,
    };

    private Task KeepLatest(RegistrySnapshot snapshot, long offset)
    {
        if (snapshot.Kind == "snapshot")
        {
            Volatile.Write(ref _latestSnapshot, snapshot);
        }
        return Task.CompletedTask;
    }

    /// <summary>Reads on from the last record applied, after a reconnection; returns once caught up.</summary>
    public Task RestartAsync() => _stream.RestartAsync(caughtUp: true);

    /// <summary>Returns once every record written anywhere before has been applied here.</summary>
    public Task SyncAsync() => _stream.SyncAsync();

    /// <summary>Saves a bot's configuration; returns once this node sees it.</summary>
    public Task SaveAsync(string name, BotConfig config) =>
        _stream.AppendAsync(new RegistryRecord("bot", name, config.ToJson(), Id: Guid.NewGuid().ToString("N")), waitApplied: true);

    /// <summary>Deletes a bot; returns once this node sees it.</summary>
    public Task DeleteAsync(string name) =>
        _stream.AppendAsync(new RegistryRecord("deleted", name, Id: Guid.NewGuid().ToString("N")), waitApplied: true);

    /// <summary>Records a bot's lifecycle state (confirmed by the broker).</summary>
    public Task RecordStateAsync(string name, BotState state) =>
        _stream.AppendAsync(new RegistryRecord("state", name, State: state), waitApplied: false);

    private Task ApplyAsync(RegistryRecord record, long offset)
    {
        if (offset >= 0)
        {
            if (offset <= _applied)
            {
                // Already in the snapshot this node started from (a read starts at the chunk holding its first offset).
                return Task.CompletedTask;
            }
            _applied = offset;
        }
        if (record.Kind == "snapshot")
        {
            _sinceSnapshot = 0;
        }
        else if (record.Name is { } name)
        {
            Apply(record, name);
            if (++_sinceSnapshot >= _snapshotEvery && offset >= 0 && SnapshotWriter())
            {
                _sinceSnapshot = 0;
                // The state and its offset belong together here, on the stream's thread; the writing goes on elsewhere.
                _ = WriteSnapshotAsync(Bots, offset);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Writes <paramref name="bots"/> as the snapshot up to <paramref name="covers"/>, then says so on the registry.</summary>
    private async Task WriteSnapshotAsync(ImmutableSortedDictionary<string, RegisteredBot> bots, long covers)
    {
        try
        {
            var entries = bots.Values.Select(b => new SnapshotBot(b.Name, b.Config.ToJson(), b.State)).ToList();
            await _snapshots.AppendAsync(new RegistrySnapshot("snapshot", covers, entries), waitApplied: false).ConfigureAwait(false);
            await _stream.AppendAsync(new RegistryRecord("snapshot", Covers: covers), waitApplied: false).ConfigureAwait(false);
            _log.LogInformation("Wrote a registry snapshot of {Bots} bots up to offset {Offset}", entries.Count, covers);
        }
        catch (Exception ex) when (ex is ClusterUnavailableException || RabbitLink.IsLinkFailure(ex))
        {
            // The next interval tries again; until then joiners read a few more records.
            _log.LogWarning("Could not write a registry snapshot: {Error}", ex.Message);
        }
    }

    /// <summary>A recorded configuration, or null (logged) when it is unusable: the bot is then left as it was.</summary>
    private BotConfig? ParseConfig(string name, string json)
    {
        try
        {
            return BotConfig.Parse(json);
        }
        catch (BotConfigException ex)
        {
            _log.LogWarning("Registry entry for bot {Bot} has an unusable configuration: {Error}", name, ex.Message);
            return null;
        }
    }

    private void Apply(RegistryRecord record, string name)
    {
        var before = Bots;
        var after = before;
        switch (record.Kind)
        {
            case "bot" when record.Config is { } json && ParseConfig(name, json) is { } config:
                after = before.SetItem(name, before.TryGetValue(name, out var known)
                    ? known with { Config = config }
                    : new RegisteredBot(name, config, null, ShardMap.ShardOf(name, _shards)));
                break;
            case "state" when record.State is { } state && before.TryGetValue(name, out var existing):
                after = before.SetItem(name, existing with { State = state });
                break;
            case "deleted":
                after = before.Remove(name);
                break;
        }
        if (!ReferenceEquals(before, after))
        {
            Volatile.Write(ref _bots, after);
            Volatile.Write(ref _names, null);
            // A recorded state changes nothing where the bot runs (its holder wrote it); configurations and deletions do.
            if (record.Kind != "state")
            {
                BotChanged?.Invoke(name);
            }
        }
    }
}
