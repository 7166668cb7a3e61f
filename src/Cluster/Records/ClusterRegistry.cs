using System.Collections.Immutable;
using ActorRpc.Actors.Bots;
using ActorRpc.Cluster.Sharding;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Cluster.Records;

/// <summary>One entry of the bots registry stream.</summary>
/// <param name="Kind"><c>bot</c> (configuration saved), <c>state</c> (lifecycle state recorded), <c>deleted</c> or <c>marker</c>.</param>
/// <param name="Name">The bot.</param>
/// <param name="Config">The configuration's JSON text (<c>bot</c>).</param>
/// <param name="State">The lifecycle state (<c>state</c>).</param>
/// <param name="Id">An id the writer waits for.</param>
internal sealed record RegistryRecord(string Kind, string? Name = null, string? Config = null, BotState? State = null, string? Id = null) : IStreamRecord;

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
internal sealed class ClusterRegistry
{
    private readonly RecordStream<RegistryRecord> _stream;
    private readonly int _shards;
    private readonly ILogger _log;

    /// <summary>The current bots, in ordinal name order.</summary>
    private ImmutableSortedDictionary<string, RegisteredBot> _bots = ImmutableSortedDictionary.Create<string, RegisteredBot>(StringComparer.Ordinal);

    /// <summary>The ordered names of <see cref="_bots"/>, made on first use after each change.</summary>
    private string[]? _names;

    public ClusterRegistry(RabbitLink link, string streamName, int shards, TimeSpan timeout, ILogger log)
    {
        _shards = shards;
        _log = log;
        _stream = new RecordStream<RegistryRecord>(link, streamName, ApplyAsync, id => new RegistryRecord("marker", Id: id), timeout, log);
    }

    /// <summary>Raised (on the stream's thread) after a bot was added, changed or removed.</summary>
    public event Action<string>? BotChanged;

    /// <summary>The current bots.</summary>
    public ImmutableSortedDictionary<string, RegisteredBot> Bots => Volatile.Read(ref _bots);

    /// <summary>Every bot name, in ordinal order.</summary>
    public IReadOnlyList<string> Names => Volatile.Read(ref _names) ?? (_names = [.. Bots.Keys]);

    /// <summary>Reads the registry to its end; returns once it has.</summary>
    public Task StartAsync() => _stream.StartAsync();

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

    private Task ApplyAsync(RegistryRecord record)
    {
        if (record.Name is not { } name)
        {
            return Task.CompletedTask;
        }
        var before = Bots;
        var after = before;
        switch (record.Kind)
        {
            case "bot" when record.Config is { } json:
                try
                {
                    var config = BotConfig.Parse(json);
                    after = before.SetItem(name, before.TryGetValue(name, out var known)
                        ? known with { Config = config }
                        : new RegisteredBot(name, config, null, ShardMap.ShardOf(name, _shards)));
                }
                catch (BotConfigException ex)
                {
                    _log.LogWarning("Registry record for bot {Bot} has an unusable configuration: {Error}", name, ex.Message);
                }
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
            BotChanged?.Invoke(name);
        }
        return Task.CompletedTask;
    }
}
