using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster.Membership;
using ActorRpc.Cluster.Records;
using ActorRpc.Cluster.Transport;
using ActorRpc.PluginSdk;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorRpc.Cluster.Sharding;

/// <summary>
/// One shard on this node (<c>/user/cluster-shard-NN</c>). Every node subscribes to every shard queue, which is a
/// single-active-consumer queue: the broker delivers to one subscriber at a time, and that node hosts the
/// shard's bots. The subscription's priority says who should be next (2 for the shard's owner by the current
/// assignment, 1 for the others), so when a holder lets go the broker promotes the owner.
/// </summary>
/// <remarks>
/// <para>Waiting: subscribed, nothing delivered yet (the broker tells nobody who is active; the first delivery or
/// probe says so). Active: the bots are placed here and requests run. A holder that is not the owner serves on
/// until the owner knocks (a probe it sends once it waits with the top priority), then hands the shard over: it finishes the requests in flight, records its bots' states, removes them, cancels its
/// subscription (the broker promotes the owner), returns what arrived meanwhile to the queue, sends a probe so
/// the new holder wakes up, and subscribes again as a waiter.</para>
/// <para>Requests that change a bot run one at a time per shard, between a "started" and a "done" record (see
/// <see cref="ResultLog"/>); status requests run concurrently. Both are acknowledged only after the reply.</para>
/// </remarks>
internal sealed class ShardActor : ReceiveActor
{
    private readonly int _shard;
    private readonly string _queue;
    private readonly ClusterContext _cluster;
    /// <summary>The channel new subscriptions go on (a new one after a reconnection that found it closed).</summary>
    private IChannel _channel;

    /// <summary>The channel the live subscription is on.</summary>
    private IChannel? _tagChannel;
    private readonly IActorRef _members;
    private readonly ILogger _log;

    /// <summary>
    /// This actor, captured at construction: the handlers' awaits continue off the actor's context (ConfigureAwait(false),
    /// the mailbox stays suspended until the handler's task ends), where Akka.NET's <c>Self</c>, <c>Sender</c> and
    /// <c>Context</c> throw.
    /// </summary>
    private readonly IActorRef _self;

    /// <summary>The live subscription's consumer tag; null while unsubscribed.</summary>
    private string? _tag;

    /// <summary>Its priority.</summary>
    private int _priority;

    /// <summary>The connection epoch it was made in (it dies with that connection).</summary>
    private int _tagEpoch;

    /// <summary>True when this node owns the shard by the current assignment.</summary>
    private bool _owner;

    /// <summary>True when this node holds the shard (deliveries came) and its bots are placed here.</summary>
    private bool _active;

    /// <summary>True once the node leaves: nothing is subscribed again.</summary>
    private bool _leaving;

    /// <summary>True once membership has given this shard a role (before that, nothing subscribes).</summary>
    private bool _hasRole;

    /// <summary>
    /// The state last recorded in the registry for each hosted bot, by this node or before it placed the bot (null:
    /// never recorded). Changes are compared with this, not with the registry as read back, which lags behind this
    /// node's own writes: two quick changes would otherwise leave the second unrecorded.
    /// </summary>
    private readonly Dictionary<string, BotState?> _recorded = new(StringComparer.Ordinal);

    /// <summary>Status requests in flight (they run concurrently; a hand-over waits for them).</summary>
    private readonly List<Task> _running = [];

    /// <summary>Bots placed here for this shard.</summary>
    private readonly HashSet<string> _hosted = new(StringComparer.Ordinal);

    public ShardActor(int shard, ClusterContext cluster, IChannel channel, IActorRef members)
    {
        _shard = shard;
        _queue = cluster.ShardQueue(shard);
        _cluster = cluster;
        _channel = channel;
        _members = members;
        _log = cluster.Logs.CreateLogger("ActorRpc.Cluster.Shards");
        _self = Self;
        ReceiveAsync<ShardRole>(OnRoleAsync);
        ReceiveAsync<ShardDelivery>(OnDeliveryAsync);
        ReceiveAsync<ProbeIfIdle>(_ => _active || _tag is null ? Task.CompletedTask : KnockAsync());
        ReceiveAsync<RegistryBotChanged>(OnBotChangedAsync);
        Receive<LinkLost>(_ => OnLinkLost());
        ReceiveAsync<LinkRestored>(OnLinkRestoredAsync);
        ReceiveAsync<LeaveShard>(OnLeaveAsync);
    }

    /// <summary>Nothing this instance held survives it: the shard is let go (the broker promotes a waiter) and its bots leave.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (_tag is { } tag)
        {
            _ = CancelQuietlyAsync(tag);
        }
        OnLinkLost();
        base.PreRestart(reason, message);
    }

    /// <summary>The fresh instance asks membership for its role, and subscribes with it.</summary>
    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        _members.Tell(new RoleOf(_shard), Self);
    }

    private async Task OnRoleAsync(ShardRole role)
    {
        _owner = role.Owner;
        _hasRole = true;
        if (_leaving)
        {
            return;
        }
        var priority = _owner ? 2 : 1;
        if (_active)
        {
            // A holder that is no longer the owner keeps serving until the owner knocks: the owner knocks only once it
            // waits with the top priority, so the shard moves once, straight to it (handing over now would let a
            // waiting non-owner take it first).
            return;
        }
        if (_tag is null || priority != _priority)
        {
            // A waiter changes its place by subscribing again; if it was in fact the idle holder, the broker promotes
            // the best waiter and nothing was in flight.
            await UnsubscribeAsync().ConfigureAwait(false);
            await SubscribeAsync(priority).ConfigureAwait(false);
        }
    }

    private async Task OnDeliveryAsync(ShardDelivery delivery)
    {
        if (delivery.ConsumerTag != _tag || !_cluster.Link.IsCurrent(delivery.Epoch))
        {
            // Arrived for a subscription already cancelled (a hand-over): back to the queue for the new holder. One of a
            // connection that has dropped since is not touched: the broker has given it to the shard's next holder.
            await SettleAsync(delivery, requeue: true).ConfigureAwait(false);
            return;
        }
        if (!_active)
        {
            await ActivateAsync().ConfigureAwait(false);
        }
        ActorRpcMetrics.ClusterDeliveries.Add(1, new KeyValuePair<string, object?>("kind", delivery.Type == BotCall.ProbeType ? "probe" : "bot"),
            new KeyValuePair<string, object?>("redelivered", delivery.Redelivered), new KeyValuePair<string, object?>("node", _cluster.Settings.NodeName));
        if (delivery.Type == BotCall.ProbeType)
        {
            await SettleAsync(delivery, requeue: false).ConfigureAwait(false);
            // Only the owner's knock (sent once it waits with the top priority) moves the shard; a wake-up probe after
            // a hand-over does not, or shards would bounce between non-owners until the owner has subscribed.
            if (!_owner && !_leaving && delivery.KnockedBy is not null)
            {
                await HandOverAsync(resubscribe: true).ConfigureAwait(false);
            }
            return;
        }
        BotCall? call;
        try
        {
            call = System.Text.Json.JsonSerializer.Deserialize<BotCall>(delivery.Body, ClusterJson.Options);
        }
        catch (System.Text.Json.JsonException)
        {
            call = null;
        }
        if (call is null || delivery.Deadline < DateTimeOffset.UtcNow)
        {
            // Unreadable, or its caller has already answered for it (deadline passed): drop it.
            await SettleAsync(delivery, requeue: false).ConfigureAwait(false);
            return;
        }
        var request = call.ToRequest();
        if (!request.ChangesState)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(RunStatusAsync(delivery, call));
            return;
        }
        await RunChangeAsync(delivery, call, request).ConfigureAwait(false);
    }

    private async Task RunStatusAsync(ShardDelivery delivery, BotCall call)
    {
        using var activity = ActorRpcTracing.ContinueRemote("cluster bot request", delivery.Traceparent);
        try
        {
            var answer = BotAnswer.From(await AskAsync(call.Bot, BotRequest.Status).ConfigureAwait(false));
            await ReplyAsync(delivery, answer.ToBytes()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.LogWarning(ex, "Status request for {Bot} failed on shard {Shard}", call.Bot, _shard);
        }
    }

    private async Task RunChangeAsync(ShardDelivery delivery, BotCall call, BotRequest request)
    {
        using var activity = ActorRpcTracing.ContinueRemote("cluster bot request", delivery.Traceparent);
        try
        {
            if (delivery.Redelivered && await _cluster.Results.LookupAsync(delivery.MessageId).ConfigureAwait(false) is { } known)
            {
                // It ran (or began to run) on the previous holder: never run it twice.
                var answer = known.Answer ?? new BotAnswer(CommandResultCode.LinkFailure,
                    "the node running this command stopped before answering; it may or may not have run.").ToBytes();
                await ReplyAsync(delivery, answer).ConfigureAwait(false);
                return;
            }
            await _cluster.Results.StartedAsync(delivery.MessageId).ConfigureAwait(false);
            var result = await AskAsync(call.Bot, request).ConfigureAwait(false);
            if (!_cluster.Link.IsCurrent(delivery.Epoch))
            {
                // The connection dropped while it ran (this process was paused, say): the broker has given the request
                // and the shard to another node, whose records now count. Recording or answering from here would
                // write over them.
                _log.LogWarning("Request {Id} for {Bot} on shard {Shard} abandoned: the connection it came on dropped while it ran", delivery.MessageId, call.Bot, _shard);
                return;
            }
            // The bot's reply says the state it is in now: record every change, before answering, so the next holder
            // starts from the state the caller was told.
            if (result is BotReply { State: { } state } && state != RecordedState(call.Bot))
            {
                await _cluster.Registry.RecordStateAsync(call.Bot, state).ConfigureAwait(false);
                _recorded[call.Bot] = state;
            }
            var bytes = BotAnswer.From(result).ToBytes();
            await _cluster.Results.DoneAsync(delivery.MessageId, bytes).ConfigureAwait(false);
            await ReplyAsync(delivery, bytes).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            // Not acknowledged: the broker gives it to whoever holds the shard next, and the records decide there.
            _log.LogWarning("Request {Id} for {Bot} left unfinished on shard {Shard}: {Error}", delivery.MessageId, call.Bot, _shard, ex.Message);
        }
    }

    /// <summary>The state last recorded for <paramref name="bot"/> (see <see cref="_recorded"/>).</summary>
    private BotState? RecordedState(string bot) =>
        _recorded.TryGetValue(bot, out var state) ? state : _cluster.Registry.Bots.TryGetValue(bot, out var registered) ? registered.State : null;

    /// <summary>Runs a request on the bot here, placing it first when the registry has it but this node does not yet.</summary>
    private async Task<object?> AskAsync(string bot, BotRequest request)
    {
        if (!_cluster.LocalBots.Contains(bot) && _cluster.Registry.Bots.TryGetValue(bot, out var registered))
        {
            await HostAsync(registered).ConfigureAwait(false);
        }
        try
        {
            return await _cluster.LocalBots.AskAsync(bot, request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BotUnavailableException ex)
        {
            return new BotReply(CommandResultCode.LinkFailure, ex.Message);
        }
    }

    /// <summary>Replies, then acknowledges (in that order: a request is settled only once answered).</summary>
    private async Task ReplyAsync(ShardDelivery delivery, byte[] answer)
    {
        if (delivery.ReplyTo is { } replyTo)
        {
            await _cluster.Link.ReplyAsync(replyTo, delivery.MessageId, answer).ConfigureAwait(false);
        }
        await SettleAsync(delivery, requeue: false).ConfigureAwait(false);
    }

    /// <summary>Acknowledges (or returns to the queue) a delivery, unless the channel it came on is gone.</summary>
    private async Task SettleAsync(ShardDelivery delivery, bool requeue)
    {
        if (!_cluster.Link.IsCurrent(delivery.Epoch) || !delivery.Channel.IsOpen)
        {
            return;
        }
        try
        {
            if (requeue)
            {
                await delivery.Channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true).ConfigureAwait(false);
            }
            else
            {
                await delivery.Channel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (RabbitLink.IsLinkFailure(ex))
        {
            // The connection dropped: the broker redelivers it.
        }
    }

    /// <summary>This node holds the shard: bring the registry up to date, then place the shard's bots here.</summary>
    private async Task ActivateAsync()
    {
        _active = true;
        try
        {
            // The previous holder recorded its bots' states before letting go; read up to here to see them.
            await _cluster.Registry.SyncAsync().ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            _log.LogWarning("Shard {Shard}: could not catch up with the registry ({Error}); placing bots as known", _shard, ex.Message);
        }
        foreach (var bot in _cluster.Registry.Bots.Values)
        {
            if (bot.Shard == _shard)
            {
                await HostAsync(bot).ConfigureAwait(false);
            }
        }
        _members.Tell(new ShardServing(_shard, true), _self);
        _log.LogInformation("Shard {Shard} now served here ({Bots} bots)", _shard, _hosted.Count);
    }

    private async Task HostAsync(RegisteredBot bot)
    {
        await _cluster.LocalBots.HostAsync(bot.Name, bot.Config, bot.InitialState).ConfigureAwait(false);
        _hosted.Add(bot.Name);
        _recorded[bot.Name] = bot.State;
    }

    private async Task OnBotChangedAsync(RegistryBotChanged changed)
    {
        if (!_active)
        {
            return;
        }
        if (_cluster.Registry.Bots.TryGetValue(changed.Name, out var bot))
        {
            if (_hosted.Contains(bot.Name))
            {
                // A new configuration keeps the bot's state.
                await _cluster.LocalBots.HostAsync(bot.Name, bot.Config, null).ConfigureAwait(false);
            }
            else
            {
                await HostAsync(bot).ConfigureAwait(false);
            }
        }
        else if (_hosted.Remove(changed.Name))
        {
            _recorded.Remove(changed.Name);
            await _cluster.LocalBots.UnhostAsync(changed.Name).ConfigureAwait(false);
        }
    }

    /// <summary>Lets the shard go to the owner: drain, record, remove the bots, cancel, probe, and (unless leaving) wait again.</summary>
    private async Task HandOverAsync(bool resubscribe)
    {
        await Task.WhenAll(_running).ConfigureAwait(false);
        _running.Clear();
        foreach (var name in _hosted)
        {
            if (await _cluster.LocalBots.AskAsync(name, BotRequest.Status, CancellationToken.None).ConfigureAwait(false) is BotSnapshot snapshot &&
                _cluster.Registry.Bots.ContainsKey(name) && RecordedState(name) != snapshot.State && snapshot.State != BotState.Failed)
            {
                try
                {
                    await _cluster.Registry.RecordStateAsync(name, snapshot.State).ConfigureAwait(false);
                }
                catch (ClusterUnavailableException ex)
                {
                    // Only a change of the bot's own making (a timed pause ending) can be missing: every change a request made is recorded already.
                    _log.LogWarning("Shard {Shard}: the state of {Bot} was not recorded at hand-over: {Error}", _shard, name, ex.Message);
                }
            }
            await _cluster.LocalBots.UnhostAsync(name).ConfigureAwait(false);
        }
        var moved = _hosted.Count;
        _hosted.Clear();
        _recorded.Clear();
        _active = false;
        _members.Tell(new ShardServing(_shard, false), _self);
        await UnsubscribeAsync().ConfigureAwait(false);
        // Wake whoever the broker promoted (it cannot know it was promoted until something arrives).
        await _cluster.Link.NoteAsync(string.Empty, _queue, ReadOnlyMemory<byte>.Empty, ProbeProperties(knockedBy: null)).ConfigureAwait(false);
        ActorRpcMetrics.ClusterHandOvers.Add(1, new KeyValuePair<string, object?>("node", _cluster.Settings.NodeName));
        _log.LogInformation("Shard {Shard} handed over ({Bots} bots)", _shard, moved);
        if (resubscribe && !_leaving)
        {
            await SubscribeAsync(_owner ? 2 : 1).ConfigureAwait(false);
        }
    }

    /// <summary>The owner, waiting with the top priority, knocks: the holder learns it should let go.</summary>
    private Task KnockAsync() => _cluster.Link.NoteAsync(string.Empty, _queue, ReadOnlyMemory<byte>.Empty, ProbeProperties(_cluster.Settings.NodeName));

    private static BasicProperties ProbeProperties(string? knockedBy) => new() { Type = BotCall.ProbeType, Expiration = "10000", AppId = knockedBy };

    /// <summary>Subscribes with <paramref name="priority"/>; false (logged) when the connection would not take it.</summary>
    private async Task<bool> SubscribeAsync(int priority)
    {
        if (!_cluster.Link.IsConnected)
        {
            return false;
        }
        var channel = _channel;
        var consumer = new AsyncEventingBasicConsumer(channel);
        var self = _self;
        // Deliveries carry the connection and channel they came on: one dispatched after its connection dropped is never
        // run, and each is settled on its own channel.
        var epoch = _cluster.Link.Epoch;
        consumer.ReceivedAsync += (_, e) =>
        {
            self.Tell(ShardDelivery.From(e, epoch, channel), ActorRefs.NoSender);
            return Task.CompletedTask;
        };
        var tag = $"{_cluster.Settings.NodeName}.{_shard:D2}.{Guid.NewGuid():N}";
        _tag = tag;
        _tagEpoch = epoch;
        _tagChannel = _channel;
        _priority = priority;
        try
        {
            await _channel.BasicConsumeAsync(_queue, autoAck: false, tag, noLocal: false, exclusive: false,
                new Dictionary<string, object?> { ["x-priority"] = priority }, consumer).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (RabbitLink.IsLinkFailure(ex))
        {
            _tag = null;
            _log.LogWarning("Shard {Shard}: could not subscribe ({Error})", _shard, ex.Message);
            return false;
        }
    }

    private async Task UnsubscribeAsync()
    {
        if (_tag is not { } tag)
        {
            return;
        }
        _tag = null;
        await CancelQuietlyAsync(tag).ConfigureAwait(false);
    }

    private async Task CancelQuietlyAsync(string tag)
    {
        if (_tagChannel is not { IsOpen: true } channel)
        {
            // Gone with its channel or connection, and the subscription with it.
            return;
        }
        try
        {
            await channel.BasicCancelAsync(tag).ConfigureAwait(false);
        }
        catch (Exception ex) when (RabbitLink.IsLinkFailure(ex))
        {
            // Gone with the connection (the client throws ChannelClosedException when its channel closed under it).
        }
    }

    /// <summary>
    /// The connection dropped: this node no longer knows whether it holds the shard (the broker re-elects when the
    /// library re-subscribes). The bots go; their recorded states are where the next holder starts from.
    /// </summary>
    private void OnLinkLost()
    {
        if (_active)
        {
            foreach (var name in _hosted)
            {
                _ = _cluster.LocalBots.UnhostAsync(name);
            }
            _hosted.Clear();
            _recorded.Clear();
            _active = false;
            _members.Tell(new ShardServing(_shard, false), _self);
        }
        // The subscription died with the connection (nothing brings it back behind this actor's back).
        _tag = null;
        _running.Clear();
    }

    /// <summary>
    /// The node reconnected: start again from nothing (whatever was held went with the old connection) and wait
    /// for the shard with this node's priority; the broker says who holds it by delivering. Answered with whether
    /// the subscription is in place.
    /// </summary>
    private async Task OnLinkRestoredAsync(LinkRestored restored)
    {
        var sender = Sender;
        _channel = restored.Channel;
        if (_tag is not null && _tagEpoch == _cluster.Link.Epoch && _cluster.Link.IsConnected && _tagChannel is { IsOpen: true })
        {
            // Already subscribed on the new connection (a new role came first): a second subscription would be an
            // orphan the broker might make the holder, with nobody serving it.
            sender.Tell(true, _self);
            return;
        }
        OnLinkLost();
        var subscribed = _leaving || !_hasRole || await SubscribeAsync(_owner ? 2 : 1).ConfigureAwait(false);
        sender.Tell(subscribed, _self);
    }

    private async Task OnLeaveAsync(LeaveShard leave)
    {
        var sender = Sender;
        _leaving = true;
        if (_active)
        {
            await HandOverAsync(resubscribe: false).ConfigureAwait(false);
        }
        else
        {
            await UnsubscribeAsync().ConfigureAwait(false);
        }
        sender.Tell(leave, _self);
    }
}

/// <summary>A delivery from a shard queue, copied out of the client's buffers.</summary>
internal sealed record ShardDelivery(string ConsumerTag, ulong DeliveryTag, int Epoch, IChannel Channel, bool Redelivered, string? Type, string MessageId, string? ReplyTo,
    DateTimeOffset Deadline, byte[] Body, string? Traceparent, string? KnockedBy)
{
    public static ShardDelivery From(BasicDeliverEventArgs e, int epoch, IChannel channel)
    {
        var properties = e.BasicProperties;
        var deadline = properties.Headers is { } headers && headers.TryGetValue(RabbitLink.DeadlineHeader, out var value) && value is long ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        return new(e.ConsumerTag, e.DeliveryTag, epoch, channel, e.Redelivered, properties.Type, properties.MessageId ?? string.Empty, properties.ReplyTo,
            deadline, e.Body.ToArray(), RabbitLink.TraceOf(properties), properties.AppId);
    }
}

/// <summary>The shard's owner by the current assignment is (or is not) this node.</summary>
internal sealed record ShardRole(bool Owner);

/// <summary>A shard actor asks for its role again (after a restart); answered with a <see cref="ShardRole"/> once assigning has begun.</summary>
internal sealed record RoleOf(int Shard);

/// <summary>Publish a probe when still waiting (sent to owners that do not hold their shard yet).</summary>
internal sealed record ProbeIfIdle
{
    public static readonly ProbeIfIdle Instance = new();
}

/// <summary>The registry changed bot <see cref="Name"/>.</summary>
internal sealed record RegistryBotChanged(string Name);

/// <summary>The connection to the broker dropped.</summary>
internal sealed record LinkLost
{
    public static readonly LinkLost Instance = new();
}

/// <summary>The connection to the broker is back: subscribe again, on <paramref name="Channel"/> (answered with true once subscribed).</summary>
internal sealed record LinkRestored(IChannel Channel);

/// <summary>The node leaves: hand the shard over and do not subscribe again. Answered with itself when done.</summary>
internal sealed record LeaveShard
{
    public static readonly LeaveShard Instance = new();
}
