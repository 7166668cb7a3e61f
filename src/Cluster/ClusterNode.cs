using System.Text.Json;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Runtime;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster.Membership;
using ActorRpc.Cluster.Methods;
using ActorRpc.Cluster.Records;
using ActorRpc.Cluster.Sharding;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorRpc.Cluster;

/// <summary>
/// Makes a node a cluster member on RabbitMQ: connects, reads the registry, joins the membership, subscribes to
/// the shard and method queues, and attaches the cluster to the node's router, so that the gateways route any
/// request to wherever its bot or method lives. <see cref="LeaveAsync"/> hands everything over before the node exits.
/// </summary>
public sealed class ClusterNode : IClusterView, IAsyncDisposable
{
    private readonly ClusterContext _cluster;
    private readonly ActorSystem _system;
    private readonly IActorRef _members;
    private readonly MembersActor.ViewHolder _view;
    private readonly IReadOnlyList<IActorRef> _shards;
    private readonly ClusterMethods _methods;
    private readonly ILogger _log;

    /// <summary>The node's router (its own count of commands run is read live).</summary>
    private readonly CommandRouter _router;

    private ClusterNode(ClusterContext cluster, ActorSystem system, IActorRef members, MembersActor.ViewHolder view, IReadOnlyList<IActorRef> shards,
        ClusterMethods methods, ILogger log, CommandRouter router)
    {
        _router = router;
        _cluster = cluster;
        _system = system;
        _members = members;
        _view = view;
        _shards = shards;
        _methods = methods;
        _log = log;
    }

    /// <inheritdoc />
    public string? Unavailable
    {
        get
        {
            if (_view.Leaving)
            {
                return "it is leaving the cluster";
            }
            if (_cluster.Link.Problem is { } problem)
            {
                return problem;
            }
            var silent = DateTimeOffset.UtcNow - _view.OwnBeatHeard;
            return silent > _cluster.Settings.FailureTimeout
                ? $"its heartbeats have not come back through the broker for more than {_cluster.Settings.FailureTimeout.TotalSeconds:0.#} s, so the other members do not count it one"
                : null;
        }
    }

    /// <inheritdoc />
    /// <remarks>This node's <see cref="ClusterMember.CommandsRun"/> is its router's count now; the others' are as of their last heartbeat.</remarks>
    public IReadOnlyList<ClusterMember> Members => [.. _view.Current.Select(m => m.Self ? m with { CommandsRun = _router.CommandsRun } : m)];

    /// <summary>Joins the cluster and attaches it to <paramref name="router"/> (whose bots must be placed by the cluster).</summary>
    /// <param name="router">The node's router, started with <see cref="CoreOptions.BotsPlacedByCluster"/>.</param>
    /// <param name="system">The node's actor system.</param>
    /// <param name="logs">Where the cluster logs.</param>
    /// <param name="settings">The cluster settings.</param>
    /// <param name="cancellationToken">Gives up joining (the broker is retried until then).</param>
    /// <exception cref="ClusterUnavailableException">The broker could not be reached before <paramref name="cancellationToken"/> fired.</exception>
    public static async Task<ClusterNode> JoinAsync(CommandRouter router, ActorSystem system, ILoggerFactory logs, ClusterSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(settings);
        var log = logs.CreateLogger("ActorRpc.Cluster");
        await router.WhenReady.ConfigureAwait(false);
        var (link, registry, results) = await ConnectAsync(settings, log, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var cluster = new ClusterContext(settings, link, registry, results, router.Local, logs);
        await SeedAsync(registry, settings, log).ConfigureAwait(false);
        await link.DeclareAsync(async channel =>
        {
            var singleActive = new Dictionary<string, object?> { ["x-single-active-consumer"] = true, ["x-queue-type"] = "classic" };
            for (var shard = 0; shard < settings.Shards; shard++)
            {
                await channel.QueueDeclareAsync(cluster.ShardQueue(shard), durable: true, exclusive: false, autoDelete: false, singleActive).ConfigureAwait(false);
            }
            await channel.ExchangeDeclareAsync(cluster.MembersExchange, ExchangeType.Fanout, durable: true, autoDelete: false).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var view = new MembersActor.ViewHolder();
        var members = system.ActorOf(ActorProps.Of(() => new MembersActor(cluster, () => router.Table, () => router.CommandsRun, view)), "cluster-members");
        // One writer of registry snapshots: the first live member by name (two for a moment while views differ: harmless).
        registry.SnapshotWriter = () => view.Current is [{ Self: true }, ..];
        var shardChannel = await link.OpenConsumerChannelAsync(256).ConfigureAwait(false);
        var shards = Enumerable.Range(0, settings.Shards)
            .Select(shard => system.ActorOf(ActorProps.Of(() => new ShardActor(shard, cluster, shardChannel, members)), $"cluster-shard-{shard:D2}"))
            .ToList();
        members.Tell((IReadOnlyList<IActorRef>)shards, ActorRefs.NoSender);
        registry.BotChanged += name => shards[ShardMap.ShardOf(name, settings.Shards)].Tell(new RegistryBotChanged(name), ActorRefs.NoSender);
        link.LinkLost += () =>
        {
            foreach (var shard in shards)
            {
                shard.Tell(LinkLost.Instance, ActorRefs.NoSender);
            }
        };
        var membersChannel = await ListenToMembersAsync(link, cluster, members).ConfigureAwait(false);

        // Hear the others before claiming anything: a node that assigned alone would first take every shard.
        await Task.Delay(settings.HeartbeatInterval * 1.5, cancellationToken).ConfigureAwait(false);
        members.Tell(StartAssigning.Instance, ActorRefs.NoSender);

        var methods = new ClusterMethods(cluster, router);
        await methods.StartAsync().ConfigureAwait(false);
        link.Restore = async () =>
        {
            // After a reconnection nothing of the old connection's subscriptions is left: read the streams on from where
            // this node was, hear the members again, take method calls again, and wait for the shards with this node's
            // priorities (the broker re-elects each shard's holder; deliveries say who it is).
            await RabbitLink.CloseQuietlyAsync(membersChannel).ConfigureAwait(false);
            membersChannel = await ListenToMembersAsync(link, cluster, members).ConfigureAwait(false);
            await registry.RestartAsync().ConfigureAwait(false);
            await results.RestartAsync().ConfigureAwait(false);
            await methods.RestoreAsync().ConfigureAwait(false);
            if (!shardChannel.IsOpen)
            {
                // Closed by a channel error (a shard queue not up yet after a broker restart): the library reopens channels only with the connection.
                shardChannel = await link.OpenConsumerChannelAsync(256).ConfigureAwait(false);
            }
            var restored = new LinkRestored(shardChannel);
            var subscribed = await Task.WhenAll(shards.Select(shard => shard.Ask<bool>(restored, settings.RequestTimeout))).ConfigureAwait(false);
            if (subscribed.Contains(false))
            {
                throw new ClusterUnavailableException($"{subscribed.Count(ok => !ok)} shard subscriptions were refused");
            }
        };
        var node = new ClusterNode(cluster, system, members, view, shards, methods, log, router);
        router.AttachCluster(new ClusterBots(cluster), methods, node);
        log.LogInformation("Joined the cluster at {Broker} as {Node} ({Shards} shards, {Bots} bots registered)",
            RabbitLink.Redacted(settings.RabbitMqUri), settings.NodeName, settings.Shards, registry.Bots.Count);
        return node;
    }

    /// <summary>
    /// Connects and reads the registry and the results to their ends, retrying while the broker is not up yet (a
    /// compose file starts everything at once) or a stream another node is creating is not ready.
    /// </summary>
    private static async Task<(RabbitLink, ClusterRegistry, ResultLog)> ConnectAsync(ClusterSettings settings, ILogger log, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            RabbitLink? link = null;
            try
            {
                link = await RabbitLink.ConnectAsync(settings.RabbitMqUri, settings.NodeName, settings.BrokerHeartbeat, log, clock, cancellationToken).ConfigureAwait(false);
                var registry = new ClusterRegistry(link, $"{settings.Prefix}.registry", settings.Shards, settings.RegistrySnapshotEvery, settings.RequestTimeout, log);
                var results = new ResultLog(link, $"{settings.Prefix}.results", settings.ResultRetention, settings.RequestTimeout, log);
                await registry.StartAsync().ConfigureAwait(false);
                await results.StartAsync().ConfigureAwait(false);
                return (link, registry, results);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested &&
                (ex is ClusterUnavailableException || RabbitLink.IsLinkFailure(ex)))
            {
                log.LogWarning("Attempt {Attempt} to join the cluster failed: {Error}; retrying", attempt, ex.Message);
                if (link is not null)
                {
                    await link.DisposeAsync().ConfigureAwait(false);
                }
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Imports the bot files of the seed directory that the registry does not have yet.</summary>
    private static async Task SeedAsync(ClusterRegistry registry, ClusterSettings settings, ILogger log)
    {
        if (settings.SeedBotsDirectory is not { } directory || !Directory.Exists(directory))
        {
            return;
        }
        using var files = new BotsDirectory(directory);
        foreach (var name in files.Scan())
        {
            if (registry.Bots.ContainsKey(name))
            {
                continue;
            }
            try
            {
                if (files.Read(name) is { } config)
                {
                    await registry.SaveAsync(name, config).ConfigureAwait(false);
                    log.LogInformation("Bot {Bot} imported into the cluster registry from {Directory}", name, directory);
                }
            }
            catch (BotConfigException ex)
            {
                log.LogError("Bot file {Bot} in {Directory} is broken and was not imported: {Error}", name, directory, ex.Message);
            }
        }
    }

    /// <summary>Declares this node's exclusive queue on the members exchange and hears every heartbeat on it; returns its channel.</summary>
    private static async Task<IChannel> ListenToMembersAsync(RabbitLink link, ClusterContext cluster, IActorRef members)
    {
        var channel = await link.OpenConsumerChannelAsync(100).ConfigureAwait(false);
        var queue = $"{cluster.MembersExchange}.{cluster.Settings.NodeName}.{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: true, autoDelete: true).ConfigureAwait(false);
        await channel.QueueBindAsync(queue, cluster.MembersExchange, string.Empty).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            try
            {
                if (JsonSerializer.Deserialize<Heartbeat>(delivery.Body.Span, ClusterJson.Options) is { } beat)
                {
                    members.Tell(beat, ActorRefs.NoSender);
                }
            }
            catch (JsonException)
            {
                // Not a heartbeat of ours: ignored.
            }
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer).ConfigureAwait(false);
        return channel;
    }

    /// <summary>
    /// Leaves gracefully: says goodbye (the others reassign at once), hands every held shard over (requests in
    /// flight finish first), finishes the method calls delivered here, and disconnects.
    /// </summary>
    public async Task LeaveAsync()
    {
        var timeout = _cluster.Settings.RequestTimeout;
        try
        {
            await _members.Ask<SayGoodbye>(SayGoodbye.Instance, timeout).ConfigureAwait(false);
            // Give the others one heartbeat to raise the new owners' priorities before the shards are let go.
            await Task.Delay(_cluster.Settings.HeartbeatInterval).ConfigureAwait(false);
            await Task.WhenAll(_shards.Select(shard => shard.Ask<LeaveShard>(LeaveShard.Instance, timeout))).ConfigureAwait(false);
            await _methods.DisposeAsync().ConfigureAwait(false);
            _log.LogInformation("Left the cluster; shards handed over");
        }
        catch (AskTimeoutException ex)
        {
            _log.LogWarning("Leaving the cluster took too long ({Error}); disconnecting anyway", ex.Message);
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var shard in _shards)
        {
            _system.Stop(shard);
        }
        _system.Stop(_members);
        await _cluster.Link.DisposeAsync().ConfigureAwait(false);
    }
}
