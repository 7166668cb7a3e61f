using System.Text.Json;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster.Records;
using ActorRpc.Cluster.Sharding;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Cluster.Membership;

/// <summary>A member's heartbeat (also its hello, and with <see cref="Leaving"/> its goodbye).</summary>
/// <param name="Node">Its name.</param>
/// <param name="Version">Its ActorRpc version.</param>
/// <param name="StartedAt">When it joined.</param>
/// <param name="Leaving">True in the goodbye of a graceful leave.</param>
/// <param name="Shards">The shards it holds.</param>
/// <param name="Bots">The bots it hosts.</param>
/// <param name="Plugins">The plugins it has loaded.</param>
/// <param name="CommandsRun">The commands its router has run since it started (absent, so 0, in an older node's beat).</param>
internal sealed record Heartbeat(string Node, string Version, DateTimeOffset StartedAt, bool Leaving, int[] Shards, string[] Bots, string[] Plugins,
    long CommandsRun = 0)
{
    /// <summary>The member this beat describes, as another node sees it.</summary>
    public ClusterMember AsMember() => new(Node, Version, StartedAt, Self: false, Bots, Shards, Plugins, CommandsRun);
}

/// <summary>A shard began or stopped being held by this node.</summary>
internal sealed record ShardServing(int Shard, bool Serving);

/// <summary>Start assigning shards (after the join's settling time).</summary>
internal sealed record StartAssigning
{
    public static readonly StartAssigning Instance = new();
}

/// <summary>Say goodbye (graceful leave); answered with itself once published.</summary>
internal sealed record SayGoodbye
{
    public static readonly SayGoodbye Instance = new();
}

/// <summary>
/// This node's view of the cluster (<c>/user/cluster-members</c>): it publishes a heartbeat every interval on the
/// members fanout exchange, hears everyone's, counts a member gone after the failure timeout (or at once on its
/// goodbye), and on every change of the member set recomputes the shard owners and tells each shard actor
/// whether this node owns it. Each tick it also has the shards it owns but does not hold send a probe, so the
/// current holder learns it holds a shard that is not its own and hands it over.
/// </summary>
internal sealed class MembersActor : ReceiveActor, IWithTimers
{
    /// <summary>The heartbeat timer's key.</summary>
    private const string Beating = "beat";

    private readonly ClusterContext _cluster;
    private readonly Func<RoutingTable> _table;

    /// <summary>This node's router's count of commands run, for the heartbeat.</summary>
    private readonly Func<long> _commandsRun;
    private readonly ILogger _log;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    /// <summary>The other members: their last heartbeat and when it came.</summary>
    private readonly Dictionary<string, (Heartbeat Beat, DateTimeOffset Seen)> _others = new(StringComparer.Ordinal);

    /// <summary>Shards this node holds.</summary>
    private readonly SortedSet<int> _serving = [];

    /// <summary>The shard actors, by shard.</summary>
    private IReadOnlyList<IActorRef> _shards = [];

    /// <summary>The member names the current assignment was made from; null before assigning starts.</summary>
    private string[]? _assignedFrom;

    /// <summary>Which shards this node owns by the current assignment.</summary>
    private bool[] _owned = [];

    /// <summary>Where the view is published for other threads.</summary>
    private readonly ViewHolder _view;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>When the last tick ran (a much longer gap means this process was paused).</summary>
    private DateTimeOffset _lastTick = DateTimeOffset.UtcNow;

    public MembersActor(ClusterContext cluster, Func<RoutingTable> table, Func<long> commandsRun, ViewHolder view)
    {
        _view = view;
        _cluster = cluster;
        _table = table;
        _commandsRun = commandsRun;
        _log = cluster.Logs.CreateLogger("ActorRpc.Cluster.Members");
        Receive<IReadOnlyList<IActorRef>>(shards => _shards = shards);
        Receive<Heartbeat>(OnHeartbeat);
        Receive<Tick>(_ => OnTick());
        Receive<ShardServing>(s =>
        {
            if (s.Serving ? _serving.Add(s.Shard) : _serving.Remove(s.Shard))
            {
                PublishView();
            }
        });
        Receive<RoleOf>(ask =>
        {
            if (_assignedFrom is not null && ask.Shard < _owned.Length)
            {
                Sender.Tell(new ShardRole(_owned[ask.Shard]), Self);
            }
        });
        Receive<StartAssigning>(_ =>
        {
            _assignedFrom = [];
            Reassign();
        });
        ReceiveAsync<SayGoodbye>(async bye =>
        {
            // Captured before the await: Akka.NET's Sender and Self throw off the actor's context.
            var sender = Sender;
            var self = Self;
            Timers.Cancel(Beating);
            _view.Leaving = true;
            await Beat(leaving: true).ConfigureAwait(false);
            sender.Tell(bye, self);
        });
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(Beating, Tick.Instance, TimeSpan.Zero, _cluster.Settings.HeartbeatInterval);
        PublishView();
    }


    private void OnHeartbeat(Heartbeat beat)
    {
        if (beat.Node == _cluster.Settings.NodeName)
        {
            // Its own beat came back through the broker: the others hear it too, so they count this node a member.
            _view.OwnBeatHeard = DateTimeOffset.UtcNow;
            return;
        }
        var known = _others.ContainsKey(beat.Node);
        if (beat.Leaving)
        {
            if (_others.Remove(beat.Node))
            {
                _log.LogInformation("Node {Node} left the cluster", beat.Node);
                Reassign();
            }
            PublishView();
            return;
        }
        _others[beat.Node] = (beat, DateTimeOffset.UtcNow);
        if (!known)
        {
            _log.LogInformation("Node {Node} joined the cluster", beat.Node);
            Reassign();
        }
        PublishView();
    }

    private void OnTick()
    {
        _ = Beat(leaving: false);
        var now = DateTimeOffset.UtcNow;
        if (!_cluster.Link.IsUp)
        {
            // Nobody can be heard while this node's own connection is down or being restored: their silence proves nothing.
            RefreshOthers(now);
        }
        else if (now - _lastTick > _cluster.Settings.FailureTimeout)
        {
            // This process did not run (a long GC pause, a VM migration, SIGSTOP): the others' silence is this node's
            // own. They get a fresh failure timeout instead of all being counted gone, which would make this node
            // claim every shard for a moment. They may well have counted this node gone; its beats bring it back.
            _log.LogWarning("This node did not run for {Gap:0.0} s (the failure timeout is {Timeout}); the other members may have counted it gone",
                (now - _lastTick).TotalSeconds, _cluster.Settings.FailureTimeout);
            RefreshOthers(now);
        }
        _lastTick = now;
        var gone = _others.Where(o => now - o.Value.Seen > _cluster.Settings.FailureTimeout).Select(o => o.Key).ToList();
        foreach (var node in gone)
        {
            _others.Remove(node);
            _log.LogWarning("Node {Node} missed its heartbeats for {Timeout}; counted gone", node, _cluster.Settings.FailureTimeout);
        }
        if (gone.Count > 0)
        {
            Reassign();
        }
        PublishView();
        // Owners that do not hold their shard yet knock, so the holder learns it should let go.
        for (var shard = 0; shard < _owned.Length && shard < _shards.Count; shard++)
        {
            if (_owned[shard] && !_serving.Contains(shard))
            {
                _shards[shard].Tell(ProbeIfIdle.Instance, Self);
            }
        }
    }

    /// <summary>Gives every other member a fresh failure timeout from <paramref name="now"/>.</summary>
    private void RefreshOthers(DateTimeOffset now)
    {
        foreach (var node in _others.Keys.ToList())
        {
            _others[node] = (_others[node].Beat, now);
        }
    }

    private Task<bool> Beat(bool leaving)
    {
        var beat = new Heartbeat(_cluster.Settings.NodeName, CommandRouter.Version, _startedAt, leaving, [.. _serving],
            [.. _cluster.LocalBots.Names], [.. _table().Plugins.Keys.Order(StringComparer.Ordinal)], _commandsRun());
        return _cluster.Link.NoteAsync(_cluster.MembersExchange, string.Empty, JsonSerializer.SerializeToUtf8Bytes(beat, ClusterJson.Options));
    }

    /// <summary>Recomputes the owners when the member set changed, and tells every shard actor its role.</summary>
    private void Reassign()
    {
        if (_assignedFrom is null)
        {
            return;
        }
        var members = _others.Keys.Append(_cluster.Settings.NodeName).Order(StringComparer.Ordinal).ToArray();
        if (members.SequenceEqual(_assignedFrom, StringComparer.Ordinal))
        {
            return;
        }
        _assignedFrom = members;
        var self = Array.IndexOf(members, _cluster.Settings.NodeName);
        var owners = ShardMap.Owners(_cluster.Settings.Shards, members);
        _owned = [.. owners.Select(o => o == self)];
        for (var shard = 0; shard < _shards.Count; shard++)
        {
            _shards[shard].Tell(new ShardRole(_owned[shard]), Self);
        }
        _log.LogInformation("Shards reassigned over {Count} nodes ({Members}); this node owns {Owned}", members.Length, string.Join(", ", members),
            _owned.Count(o => o));
    }

    private void PublishView()
    {
        var self = new ClusterMember(_cluster.Settings.NodeName, CommandRouter.Version, _startedAt, Self: true, [.. _cluster.LocalBots.Names],
            [.. _serving], [.. _table().Plugins.Keys.Order(StringComparer.Ordinal)], _commandsRun());
        var others = _others.Values.Select(o => o.Beat.AsMember());
        _view.Current = [.. others.Append(self).OrderBy(m => m.NodeName, StringComparer.Ordinal)];
    }

    /// <summary>The members as last published by the actor, read by other threads.</summary>
    internal sealed class ViewHolder
    {
        private ClusterMember[] _current = [];

        private long _ownBeatHeard = DateTimeOffset.MinValue.UtcTicks;

        private volatile bool _leaving;

        /// <summary>When this node last heard its own heartbeat come back through the broker.</summary>
        public DateTimeOffset OwnBeatHeard
        {
            get => new(Interlocked.Read(ref _ownBeatHeard), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _ownBeatHeard, value.UtcTicks);
        }

        /// <summary>True once this node has said goodbye.</summary>
        public bool Leaving
        {
            get => _leaving;
            set => _leaving = value;
        }

        /// <summary>The members, in name order.</summary>
        public IReadOnlyList<ClusterMember> Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, [.. value]);
        }
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
