using System.Runtime.CompilerServices;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Runtime;
using Akka.Actor;

namespace ActorRpc.Actors.Router;

/// <summary>
/// This node's own bot actors, as a <see cref="IBotNamespace"/>: names from the routing table, requests asked of the
/// actors directly. A lone node routes with it; a cluster node executes with it the requests that reach the
/// bots it hosts, and places bots here with <see cref="HostAsync"/> and <see cref="UnhostAsync"/>.
/// </summary>
public sealed class LocalBots : IBotNamespace
{
    /// <summary>The bots and plugins.</summary>
    private readonly RoutingTableHolder _table;

    /// <summary>The parent of the bots (<c>/user/router</c>).</summary>
    private readonly IActorRef _parent;

    /// <summary>The settings (timeouts, admission limit).</summary>
    private readonly CoreOptions _options;

    /// <summary>Requests in flight per bot actor: the admission count that keeps a flooded bot's queue bounded.</summary>
    private readonly ConditionalWeakTable<IActorRef, StrongBox<int>> _load = new();

    internal LocalBots(RoutingTableHolder table, IActorRef parent, CoreOptions options)
    {
        _table = table;
        _parent = parent;
        _options = options;
    }

    /// <inheritdoc />
    public bool Contains(string name) => _table.Current.Bots.ContainsKey(name);

    /// <inheritdoc />
    public IReadOnlyList<string> Names => _table.Current.BotNames;

    /// <inheritdoc />
    public async Task<object?> AskAsync(string name, BotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_table.Current.Bots.TryGetValue(name, out var bot))
        {
            return null;
        }
        var load = _load.GetValue(bot, static _ => new StrongBox<int>());
        if (Interlocked.Increment(ref load.Value) > _options.MaxQueuedCommandsPerBot)
        {
            Interlocked.Decrement(ref load.Value);
            throw new BotUnavailableException(name, "overloaded: too many commands waiting; try again later.");
        }
        try
        {
            return request.Operation == BotOperation.Status
                ? await bot.Ask<BotSnapshot>(TracedMessage.Wrap(GetBotStatus.Instance), _options.ActorTimeout, cancellationToken).ConfigureAwait(false)
                : await bot.Ask<BotReply>(TracedMessage.Wrap(request.ToMessage()), _options.ActorTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException) when (!_table.Current.Bots.ContainsKey(name))
        {
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref load.Value);
        }
    }

    /// <inheritdoc />
    public Task<BotReply> SaveAsync(string name, BotConfig config, CancellationToken cancellationToken) =>
        _parent.Ask<BotReply>(TracedMessage.Wrap(new SaveBotConfig(name, config)), _options.ActorTimeout, cancellationToken);

    /// <inheritdoc />
    public Task<BotReply> DeleteAsync(string name, CancellationToken cancellationToken) =>
        _parent.Ask<BotReply>(TracedMessage.Wrap(new DeleteBot(name)), _options.ActorTimeout, cancellationToken);

    /// <summary>
    /// Places bot <paramref name="name"/> on this node with <paramref name="config"/> (creating its actor when new)
    /// and, when <paramref name="state"/> is given, brings it into that state; completes once applied.
    /// For nodes whose bots are placed by a cluster (<see cref="CoreOptions.BotsPlacedByCluster"/>).
    /// </summary>
    public Task HostAsync(string name, BotConfig config, BotState? state, CancellationToken cancellationToken = default) =>
        _parent.Ask<BotReply>(TracedMessage.Wrap(new HostBot(name, config, state)), _options.ActorTimeout, cancellationToken);

    /// <summary>Stops bot <paramref name="name"/> and removes it from this node (another node hosts it now, or it was deleted).</summary>
    public Task UnhostAsync(string name, CancellationToken cancellationToken = default) =>
        _parent.Ask<BotReply>(TracedMessage.Wrap(new UnhostBot(name)), _options.ActorTimeout, cancellationToken);
}
