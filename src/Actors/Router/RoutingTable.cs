using System.Collections.Immutable;
using Akka.Actor;
using ActorRpc.Actors.Plugins;

namespace ActorRpc.Actors.Router;

/// <summary>
/// What the router resolves against: bots by name and loaded plugins (with their commands, methods,
/// script functions). Immutable: readers take the current snapshot without a lock; the bots actor and
/// the plugin host publish new ones.
/// </summary>
public sealed record RoutingTable
{
    /// <summary>An empty table.</summary>
    public static RoutingTable Empty { get; } = new();

    /// <summary>Bot actors by bot name, in ordinal name order.</summary>
    public ImmutableSortedDictionary<string, IActorRef> Bots { get; init; } = ImmutableSortedDictionary.Create<string, IActorRef>(StringComparer.Ordinal);

    /// <summary>Loaded plugins by name.</summary>
    public ImmutableDictionary<string, LoadedPlugin> Plugins { get; init; } = ImmutableDictionary.Create<string, LoadedPlugin>(StringComparer.Ordinal);

    /// <summary>Plugin commands by command word (case-insensitive), across all plugins.</summary>
    public ImmutableDictionary<string, PluginCommand> Commands { get; init; } = ImmutableDictionary.Create<string, PluginCommand>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Bot behaviours of all loaded plugins.</summary>
    public ImmutableArray<PluginBehavior> Behaviors { get; init; } = [];

    /// <summary>Bot names in order, computed once per bots snapshot (shared by every table made from it).</summary>
    public IReadOnlyList<string> BotNames => s_botNames.GetValue(Bots, static bots => [.. bots.Keys]);

    /// <summary>The ordered names of each bots snapshot; weak, so old snapshots are collected with their lists.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ImmutableSortedDictionary<string, IActorRef>, string[]> s_botNames = new();

    /// <summary>Resolves a bot list against this table's bots.</summary>
    public BotSelection SelectBots(string selector, TimeSpan regexTimeout) =>
        BotSelector.Resolve(selector, Bots.ContainsKey, () => BotNames, regexTimeout);

    /// <summary>The table with <paramref name="plugins"/> as the loaded plugins (commands and behaviours derived).</summary>
    public RoutingTable WithPlugins(ImmutableDictionary<string, LoadedPlugin> plugins) => this with
    {
        Plugins = plugins,
        Commands = plugins.Values.SelectMany(p => p.Commands.Values).ToImmutableDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase),
        Behaviors = [.. plugins.Values.OrderBy(p => p.Name, StringComparer.Ordinal).SelectMany(p => p.Behaviors)],
    };
}

/// <summary>Holds the current <see cref="RoutingTable"/>; updates are atomic read-modify-writes.</summary>
public sealed class RoutingTableHolder
{
    /// <summary>The current snapshot.</summary>
    private RoutingTable _current = RoutingTable.Empty;

    /// <summary>The current snapshot.</summary>
    public RoutingTable Current => Volatile.Read(ref _current);

    /// <summary>Raised after every update, with the new table.</summary>
    public event Action<RoutingTable>? Changed;

    /// <summary>Applies <paramref name="change"/> atomically (retried if another writer got in first).</summary>
    public RoutingTable Update(Func<RoutingTable, RoutingTable> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var before = Volatile.Read(ref _current);
            var after = change(before);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, after, before), before))
            {
                Changed?.Invoke(after);
                return after;
            }
        }
    }
}
