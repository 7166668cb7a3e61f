using System.Text.Json;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster.Records;
using ActorRpc.Cluster.Transport;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Cluster.Sharding;

/// <summary>
/// The cluster's bot namespace as a router sees it: names from the replicated registry, and every request sent
/// to the bot's shard queue, whichever node holds it (this one included, so that a request never overtakes
/// another on the way to the same bot during a hand-over).
/// </summary>
internal sealed class ClusterBots(ClusterContext cluster) : IBotNamespace
{
    /// <inheritdoc />
    public bool Contains(string name) => cluster.Registry.Bots.ContainsKey(name);

    /// <inheritdoc />
    public IReadOnlyList<string> Names => cluster.Registry.Names;

    /// <inheritdoc />
    public async Task<object?> AskAsync(string name, BotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!cluster.Registry.Bots.TryGetValue(name, out var bot))
        {
            return null;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(BotCall.From(name, request), ClusterJson.Options);
        try
        {
            var reply = await cluster.Link.CallAsync(cluster.ShardQueue(bot.Shard), Guid.NewGuid().ToString("N"), BotCall.Type, body,
                request.ChangesState, cluster.Settings.RequestTimeout).WaitAsync(cancellationToken).ConfigureAwait(false);
            return BotAnswer.Parse(reply).ToResult();
        }
        catch (ClusterUnavailableException ex)
        {
            throw new BotUnavailableException(name, ex.Message);
        }
    }

    /// <inheritdoc />
    public async Task<BotReply> SaveAsync(string name, BotConfig config, CancellationToken cancellationToken)
    {
        if (BotNames.Validate(name) is { } invalid)
        {
            return new(CommandResultCode.WrongUsage, invalid);
        }
        var existed = Contains(name);
        try
        {
            await cluster.Registry.SaveAsync(name, config).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            return new(CommandResultCode.LinkFailure, $"Could not save the configuration of {name}: {ex.Message}");
        }
        return new(CommandResultCode.Ok, existed ? "Configuration updated." : "Bot created.");
    }

    /// <inheritdoc />
    public async Task<BotReply> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (!Contains(name))
        {
            return new(CommandResultCode.NotFound, $"Couldn't find any bot named {name}!");
        }
        try
        {
            await cluster.Registry.DeleteAsync(name).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            return new(CommandResultCode.LinkFailure, $"Could not delete {name}: {ex.Message}");
        }
        return new(CommandResultCode.Ok, "Done!");
    }
}
