using ActorRpc.Actors.Runtime;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using ActorRpc.Actors.Bots;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster;
using ActorRpc.Plugins.Sample;
using ActorRpc.PluginSdk;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorRpc.Benchmarks;

/// <summary>
/// The cluster section's scenarios: cross-node round trips beside raw direct reply-to RPC on the same broker, a
/// state-changing command across nodes, and how <c>status</c> load spreads over 1, 2 and 3 nodes.
/// </summary>
internal static class ClusterScenarios
{
    /// <summary>The shards of the benchmark's cluster (the default).</summary>
    public const int Shards = 64;

    /// <summary>The members' heartbeat interval (the default).</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    /// <summary>Settled means the condition held this long: one heartbeat, so every node's view of the others is fresh.</summary>
    private static readonly TimeSpan s_stableFor = Heartbeat;

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Polls every node's <see cref="CommandRouter.Members"/> until each sees all the nodes, the shards they hold
    /// are all 64 exactly once, no node holds more than <c>ceil(64 / nodes)</c> or fewer than what the others then
    /// leave, and the members host <paramref name="bots"/> bots in all; returns when that first held (and it held
    /// for a heartbeat after).
    /// </summary>
    public static async Task<TimeSpan> WaitSettledAsync(IReadOnlyList<ClusterBenchNode> nodes, int bots, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        TimeSpan? settled = null;
        var last = "not polled yet";
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (Unsettled(nodes, bots) is { } why)
            {
                settled = null;
                last = why;
            }
            else
            {
                settled ??= elapsed;
                if (elapsed - settled >= s_stableFor)
                {
                    return settled.Value;
                }
            }
            if (elapsed > timeout)
            {
                throw new BenchmarkFailedException($"a cluster of {nodes.Count} did not settle within {timeout.TotalSeconds:0} s: {last}.");
            }
            await Task.Delay(s_poll).ConfigureAwait(false);
        }
    }

    /// <summary>Why the cluster has not settled yet, as node by node sees it; null once it has.</summary>
    private static string? Unsettled(IReadOnlyList<ClusterBenchNode> nodes, int bots)
    {
        var names = nodes.Select(static n => n.Name).Order(StringComparer.Ordinal).ToArray();
        var cap = (Shards + nodes.Count - 1) / nodes.Count;
        var least = Shards - (nodes.Count - 1) * cap;
        foreach (var node in nodes)
        {
            var view = node.Router.Members;
            if (!view.Select(static m => m.NodeName).SequenceEqual(names, StringComparer.Ordinal))
            {
                return $"{node.Name} sees members [{string.Join(", ", view.Select(static m => m.NodeName))}]";
            }
            var held = view.Sum(static m => m.Shards.Count);
            var distinct = view.SelectMany(static m => m.Shards).Distinct().Count();
            if (held != Shards || distinct != Shards || view.Any(m => m.Shards.Count > cap || m.Shards.Count < least))
            {
                return $"{node.Name} sees shards held {Split(view, static m => m.Shards.Count)} ({distinct} distinct)";
            }
            var hosted = view.Sum(static m => m.Bots.Count);
            if (hosted != bots)
            {
                return $"{node.Name} sees bots hosted {Split(view, static m => m.Bots.Count)}, {hosted} of {bots}";
            }
        }
        return null;
    }

    /// <summary>"a 32 / b 32": a figure per member.</summary>
    public static string Split(IEnumerable<ClusterMember> view, Func<ClusterMember, int> figure) =>
        string.Join(" / ", view.Select(m => $"{m.NodeName} {figure(m)}"));

    /// <summary>Saves bots through <paramref name="router"/> (the registry stream), 16 at a time; returns how long it took.</summary>
    public static async Task<TimeSpan> SaveBotsAsync(CommandRouter router, IReadOnlyList<string> names, bool enabled, TimeSpan timeout)
    {
        var config = BotConfig.Parse(enabled ? """{"Enabled":true}""" : """{"Enabled":false}""");
        var start = Stopwatch.GetTimestamp();
        using var cancel = new CancellationTokenSource(timeout);
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancel.Token }, async (name, token) =>
        {
            var reply = await router.SaveBotAsync(name, config, token).ConfigureAwait(false);
            if (reply.Code != CommandResultCode.Ok)
            {
                throw new BenchmarkFailedException($"saving bot {name}: {reply.Code} {reply.Text}");
            }
        }).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>
    /// Scenario a: <c>status &lt;bot&gt;</c> run on <paramref name="from"/>'s router for bots another node hosts,
    /// beside raw direct reply-to RPC and a bare Akka.Remote <c>Ask</c>, with <paramref name="callers"/> in flight.
    /// </summary>
    public static async Task<(CallsResult Raw, CallsResult AkkaRemote, CallsResult Cluster)> StatusRoundTripsAsync(
        RawReplyToRpc raw, AkkaRemoteRpc akka, CommandRouter from, IReadOnlyList<string> remoteBots, int callers, int calls, int repeats, TimeSpan timeout)
    {
        var commands = remoteBots.Select(static b => $"status {b}").ToArray();
        var results = await Measure.CompareCallsAsync(
            $"`status <bot>`, {callers} in flight", callers, calls, repeats,
            [
                ("raw direct reply-to RPC", _ => raw.CallAsync()),
                ("bare Akka.Remote `Ask`", _ => akka.CallAsync()),
                ("ActorRpc `status <bot>`", i => CommandAsync(from, commands[i % commands.Length])),
            ],
            timeout).ConfigureAwait(false);
        return (results[0], results[1], results[2]);
    }

    /// <summary>
    /// Scenario b: <c>pause</c> and <c>resume</c> alternately, each caller on a bot of its own that another node
    /// hosts (so no two commands for one bot are in flight at once), after a warm-up of two commands per caller.
    /// </summary>
    /// <returns>The timed runs, and every command run (warm-up included).</returns>
    public static async Task<(CallsResult Result, int Commands)> PauseResumeAsync(CommandRouter from, IReadOnlyList<string> remoteBots, int callers, int calls, int repeats, TimeSpan timeout)
    {
        if (remoteBots.Count < callers || calls % (2 * callers) != 0)
        {
            throw new BenchmarkFailedException($"pause/resume needs a remote bot per caller ({remoteBots.Count} for {callers}) and an even number of calls per caller ({calls}).");
        }
        var pause = remoteBots.Take(callers).Select(static b => $"pause {b}").ToArray();
        var resume = remoteBots.Take(callers).Select(static b => $"resume {b}").ToArray();
        // Caller c makes calls c, c + callers, ...: its k-th call pauses when k is even and resumes when odd.
        Task Call(int i) => CommandAsync(from, i / callers % 2 == 0 ? pause[i % callers] : resume[i % callers]);
        var scenario = $"`pause` / `resume`, {callers} in flight";
        var warmup = Math.Max(2 * callers, calls / 10 / (2 * callers) * 2 * callers);
        await ConcurrentCalls.RunAsync($"{scenario} (warm-up)", callers, new long[warmup], Call, timeout).ConfigureAwait(false);
        var runs = new List<LatencyResult>(repeats);
        for (var r = 0; r < repeats; r++)
        {
            var ticks = new long[calls];
            var total = await Measure.TimeAsync(() => ConcurrentCalls.RunAsync(scenario, callers, ticks, Call, timeout)).ConfigureAwait(false);
            runs.Add(new LatencyResult("ActorRpc `pause`/`resume`", ticks, total));
        }
        return (new CallsResult(scenario, "ActorRpc `pause`/`resume`", callers, runs), warmup + repeats * calls);
    }

    /// <summary>
    /// Scenario c: <c>status &lt;random bot&gt;</c> over <paramref name="bots"/> from <paramref name="callers"/>
    /// callers, caller c on node c % nodes; what each node executed is counted from the bots each hosts
    /// (<see cref="LocalBots.Names"/>), read before and after the runs.
    /// </summary>
    public static async Task<SpreadResult> SpreadAsync(IReadOnlyList<ClusterBenchNode> nodes, IReadOnlyList<string> bots, int callers, int calls, int repeats, TimeSpan timeout)
    {
        var commands = bots.Select(static b => $"status {b}").ToArray();
        // The same picks for every cluster size, so the sizes differ in nothing but the nodes.
        var random = new Random(20261122);
        var picks = new int[calls];
        for (var i = 0; i < calls; i++)
        {
            picks[i] = random.Next(bots.Count);
        }
        var hostsBefore = Hosts(nodes, bots);
        Task Call(int i) => CommandAsync(nodes[i % callers % nodes.Count].Router, commands[picks[i]]);

        var scenario = $"`status <random bot>`, {nodes.Count} node{(nodes.Count == 1 ? "" : "s")}";
        await ConcurrentCalls.RunAsync($"{scenario} (warm-up)", callers, new long[Math.Max(callers, calls / 10)], Call, timeout).ConfigureAwait(false);
        var runs = new List<LatencyResult>(repeats);
        for (var r = 0; r < repeats; r++)
        {
            var ticks = new long[calls];
            var total = await Measure.TimeAsync(() => ConcurrentCalls.RunAsync(scenario, callers, ticks, Call, timeout)).ConfigureAwait(false);
            runs.Add(new LatencyResult("ActorRpc", ticks, total));
        }
        var hostsAfter = Hosts(nodes, bots);

        var executed = new long[nodes.Count];
        long local = 0;
        long unhosted = 0;
        for (var i = 0; i < calls; i++)
        {
            var host = hostsBefore[picks[i]];
            if (host < 0)
            {
                unhosted++;
                continue;
            }
            executed[host]++;
            local += host == i % callers % nodes.Count ? 1 : 0;
        }
        var view = nodes[0].Router.Members;
        var perNode = nodes.Select((node, n) => new SpreadNode(
            node.Name,
            view.Single(m => m.NodeName == node.Name).Shards.Count,
            hostsBefore.Count(h => h == n),
            executed[n],
            Enumerable.Range(0, callers).Count(c => c % nodes.Count == n))).ToList();
        return new SpreadResult(nodes.Count, new CallsResult(scenario, "ActorRpc", callers, runs), perNode, (double)local / calls, unhosted,
            !hostsBefore.SequenceEqual(hostsAfter), MembersDisagree(view, bots, hostsBefore, nodes));
    }

    /// <summary>For every bot, the index of the one node that hosts it by its <see cref="LocalBots.Names"/>; -1 for none, -2 for several.</summary>
    private static int[] Hosts(IReadOnlyList<ClusterBenchNode> nodes, IReadOnlyList<string> bots)
    {
        var index = bots.Select(static (name, i) => (name, i)).ToDictionary(static p => p.name, static p => p.i, StringComparer.Ordinal);
        var hosts = new int[bots.Count];
        Array.Fill(hosts, -1);
        for (var n = 0; n < nodes.Count; n++)
        {
            foreach (var name in nodes[n].Router.Local.Names)
            {
                if (index.TryGetValue(name, out var i))
                {
                    hosts[i] = hosts[i] == -1 ? n : -2;
                }
            }
        }
        return hosts;
    }

    /// <summary>Bots for which the first node's Members view names another host than the nodes' own tables.</summary>
    private static int MembersDisagree(IReadOnlyList<ClusterMember> view, IReadOnlyList<string> bots, int[] hosts, IReadOnlyList<ClusterBenchNode> nodes)
    {
        var byView = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in view)
        {
            foreach (var bot in member.Bots)
            {
                byView[bot] = member.NodeName;
            }
        }
        var disagree = 0;
        for (var i = 0; i < bots.Count; i++)
        {
            var own = hosts[i] >= 0 ? nodes[hosts[i]].Name : null;
            disagree += byView.GetValueOrDefault(bots[i]) == own ? 0 : 1;
        }
        return disagree;
    }

    /// <summary>
    /// The broker's queues and streams (<c>rabbitmqctl list_queues name type messages consumers</c>), run with the
    /// broker's own CLI environment (any other makes the CLI fail and create a system cookie and epmd).
    /// </summary>
    public static async Task<IReadOnlyList<BrokerQueue>> ListQueuesAsync(string nodeName, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Rabbitmqctl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-q", "-n", nodeName, "list_queues", "--no-table-headers", "name", "type", "messages", "consumers" })
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var name in info.Environment.Keys.Where(static n => n.StartsWith("RABBITMQ_", StringComparison.Ordinal) || n.StartsWith("ERL_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info) ?? throw new BenchmarkFailedException($"{Rabbitmqctl} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var cancel = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new BenchmarkFailedException($"rabbitmqctl list_queues did not finish within {timeout.TotalSeconds:0} s.");
            }
        }
        if (process.ExitCode != 0)
        {
            throw new BenchmarkFailedException($"rabbitmqctl list_queues exited with {process.ExitCode}: {(await error.ConfigureAwait(false)).Trim()}");
        }
        var queues = new List<BrokerQueue>();
        foreach (var line in (await output.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length == 4 && long.TryParse(fields[2], out var messages) && int.TryParse(fields[3], out var consumers))
            {
                queues.Add(new BrokerQueue(fields[0], fields[1], messages, consumers));
            }
        }
        return queues;
    }

    private const string Rabbitmqctl = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    private static async Task CommandAsync(CommandRouter router, string command)
    {
        var result = await router.RunCommandLineAsync(command, NullCommandOutput.Instance).ConfigureAwait(false);
        if (result.Code != CommandResultCode.Ok)
        {
            throw new BenchmarkFailedException($"`{command}` on {router.NodeName}: {result.Code} {result.Text.TrimEnd()}");
        }
    }
}

/// <summary>A queue or stream on the broker, as <c>rabbitmqctl list_queues</c> shows it.</summary>
internal sealed record BrokerQueue(string Name, string Type, long Messages, int Consumers);

/// <summary>The spread scenario at one cluster size.</summary>
/// <param name="Nodes">The cluster's size.</param>
/// <param name="Calls">The timed runs.</param>
/// <param name="PerNode">Each node's share.</param>
/// <param name="LocalShare">The share of commands whose bot the node they entered at hosts (they still go through the broker).</param>
/// <param name="Unhosted">Commands for a bot no node (or several) hosted when the runs began.</param>
/// <param name="HostingChanged">True if a bot moved during the runs (the per-node counts are then approximate).</param>
/// <param name="MembersDisagree">Bots for which the Members view and the nodes' own tables differ.</param>
internal sealed record SpreadResult(int Nodes, CallsResult Calls, IReadOnlyList<SpreadNode> PerNode, double LocalShare, long Unhosted, bool HostingChanged, int MembersDisagree);

/// <summary>One node in the spread scenario.</summary>
/// <param name="Name">The node.</param>
/// <param name="Shards">The shards it held (the Members view).</param>
/// <param name="Bots">The spread bots it hosted.</param>
/// <param name="Executed">The commands of one timed run whose bot it hosted.</param>
/// <param name="Callers">The callers that entered at its router.</param>
internal sealed record SpreadNode(string Name, int Shards, int Bots, long Executed, int Callers);

/// <summary>A change of the cluster's membership: how long the join took, how long until it settled, and the shard moves it caused.</summary>
/// <param name="Phase">What happened ("node-2 joins").</param>
/// <param name="Join">The <see cref="ClusterNode.JoinAsync"/> call.</param>
/// <param name="Settle">From the join's return until the cluster settled.</param>
/// <param name="HandOvers">"handed over" log lines of every node meanwhile.</param>
/// <param name="Activations">"now served here" log lines of every node meanwhile.</param>
/// <param name="MostHandOvers">The most hand-overs of any one shard meanwhile (1 when every moved shard moved once).</param>
/// <param name="Shards">The shards held per node once settled.</param>
internal sealed record ClusterPhase(string Phase, TimeSpan Join, TimeSpan Settle, long HandOvers, long Activations, long MostHandOvers, string Shards);

/// <summary>
/// A cluster member in this process: a fresh <see cref="ActorSystem"/>, <see cref="NodeCore.Start"/> with the
/// sample plugin (owner 1, bots placed by the cluster, no plugins directory) joined with
/// <see cref="ClusterNode.JoinAsync"/>. Its logging is collected by a <see cref="ClusterLog"/>.
/// </summary>
internal sealed class ClusterBenchNode : IAsyncDisposable
{
    private readonly string _directory;

    private readonly ILoggerFactory _loggerFactory;

    private bool _left;

    private ClusterBenchNode(string name, string directory, ActorSystem system, CommandRouter router, ClusterNode cluster, ILoggerFactory loggerFactory, ClusterLog log, TimeSpan join)
    {
        Name = name;
        _directory = directory;
        System = system;
        Router = router;
        Cluster = cluster;
        _loggerFactory = loggerFactory;
        Log = log;
        Join = join;
    }

    public string Name { get; }

    public ActorSystem System { get; }

    public CommandRouter Router { get; }

    public ClusterNode Cluster { get; }

    public ClusterLog Log { get; }

    /// <summary>How long <see cref="ClusterNode.JoinAsync"/> took.</summary>
    public TimeSpan Join { get; }

    public static async Task<ClusterBenchNode> JoinAsync(string name, Uri broker, TimeSpan timeout)
    {
        var directory = CoreNode.CreateTemporaryDirectory($"cluster-{name}");
        var log = new ClusterLog(name);
        var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(log));
        var system = ActorSystems.Create($"bench-{name}", loggerFactory);
        try
        {
            var router = NodeCore.Start(system, loggerFactory, new CoreOptions
            {
                NodeName = name,
                BotsDirectory = directory,
                PluginsDirectory = null,
                OwnerId = 1,
                BotsPlacedByCluster = true,
            }, [new SamplePlugin()]);
            var settings = Settings(name, broker);
            using var cancel = new CancellationTokenSource(timeout);
            var start = Stopwatch.GetTimestamp();
            var cluster = await ClusterNode.JoinAsync(router, system, loggerFactory, settings, cancel.Token).ConfigureAwait(false);
            return new ClusterBenchNode(name, directory, system, router, cluster, loggerFactory, log, Stopwatch.GetElapsedTime(start));
        }
        catch
        {
            await CoreNode.TerminateAsync(system).ConfigureAwait(false);
            loggerFactory.Dispose();
            CoreNode.DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>The benchmark's cluster settings: the shards and heartbeat of <see cref="ClusterScenarios"/>, the rest default.</summary>
    public static ClusterSettings Settings(string name, Uri broker) =>
        new() { RabbitMqUri = broker, NodeName = name, Shards = ClusterScenarios.Shards, HeartbeatInterval = ClusterScenarios.Heartbeat };

    /// <summary>Leaves the cluster gracefully (its shards go to the others); returns how long that took.</summary>
    public async Task<TimeSpan> LeaveAsync(TimeSpan timeout)
    {
        _left = true;
        var start = Stopwatch.GetTimestamp();
        await Cluster.LeaveAsync().WaitAsync(timeout).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_left)
        {
            _left = true;
            await Cluster.DisposeAsync().ConfigureAwait(false);
        }
        await CoreNode.TerminateAsync(System).ConfigureAwait(false);
        _loggerFactory.Dispose();
        CoreNode.DeleteDirectory(_directory);
    }
}

/// <summary>
/// A node's log, kept for the report: every warning and error (the first few in full), and the cluster's
/// information lines counted by message template (shard hand-overs and activations among them).
/// </summary>
internal sealed class ClusterLog(string node) : ILoggerProvider
{
    /// <summary>The template of a shard's hand-over line (<c>ShardActor</c>).</summary>
    public const string HandOverPrefix = "Shard {Shard} handed over";

    /// <summary>The template of a shard's activation line (<c>ShardActor</c>).</summary>
    public const string ActivationPrefix = "Shard {Shard} now served here";

    /// <summary>Names a file to which every node's cluster information lines are written as they come, with a timestamp.</summary>
    public const string TraceVariable = "ACTORRPC_BENCH_CLUSTER_TRACE";

    private const int MaxLines = 10;

    /// <summary>Hand-overs so far, by shard.</summary>
    private readonly ConcurrentDictionary<int, long> _handOvers = new();

    private readonly ConcurrentQueue<string> _lines = new();

    private readonly ConcurrentDictionary<string, long> _templates = new(StringComparer.Ordinal);

    private long _warnings;

    public string Node => node;

    /// <summary>Warnings and errors logged.</summary>
    public long Warnings => Interlocked.Read(ref _warnings);

    /// <summary>The first <see cref="MaxLines"/> warnings and errors.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Cluster information lines so far, by template.</summary>
    public IReadOnlyDictionary<string, long> Templates => _templates;

    /// <summary>Hand-overs so far, by shard (index).</summary>
    public long[] HandOversByShard(int shards)
    {
        var counts = new long[shards];
        foreach (var (shard, count) in _handOvers)
        {
            if (shard >= 0 && shard < shards)
            {
                counts[shard] = count;
            }
        }
        return counts;
    }

    /// <summary>Information lines so far whose template starts with <paramref name="templatePrefix"/>.</summary>
    public long Count(string templatePrefix) => _templates.Where(t => t.Key.StartsWith(templatePrefix, StringComparison.Ordinal)).Sum(static t => t.Value);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Where every node's cluster information lines go with a timestamp, when <see cref="TraceVariable"/> names a file (a diagnostic).</summary>
    private static readonly StreamWriter? s_trace = Environment.GetEnvironmentVariable(TraceVariable) is { Length: > 0 } path ? new StreamWriter(path) { AutoFlush = true } : null;

    private sealed class Logger(ClusterLog owner, string category) : ILogger
    {
        private readonly bool _cluster = category.StartsWith("ActorRpc.Cluster", StringComparison.Ordinal);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || (logLevel >= LogLevel.Information && _cluster);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            if (logLevel >= LogLevel.Warning)
            {
                if (Interlocked.Increment(ref owner._warnings) <= MaxLines)
                {
                    owner._lines.Enqueue($"{owner.Node} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
                }
                return;
            }
            if (s_trace is not null)
            {
                lock (s_trace)
                {
                    s_trace.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {owner.Node} {formatter(state, exception)}");
                }
            }
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var template = values is { Count: > 0 } && values[^1].Key == "{OriginalFormat}" ? values[^1].Value as string ?? category : category;
            owner._templates.AddOrUpdate(template, 1, static (_, n) => n + 1);
            if (template.StartsWith(HandOverPrefix, StringComparison.Ordinal) && values!.FirstOrDefault(static v => v.Key == "Shard").Value is int shard)
            {
                owner._handOvers.AddOrUpdate(shard, 1, static (_, n) => n + 1);
            }
        }
    }
}

/// <summary>
/// The baseline: RPC over the same broker with nothing but RabbitMQ.Client (docs/cluster-notes.md §3.3). A server
/// connection consumes a durable classic queue (prefetch 64, manual ack) and answers each request on
/// <c>props.ReplyTo</c> with its correlation id, then acks; a client connection publishes with
/// <c>ReplyTo = amq.rabbitmq.reply-to</c> on a channel that consumes that pseudo-queue (auto-ack, subscribed
/// before the first publish) and completes the caller's <see cref="TaskCompletionSource"/> by correlation id.
/// Neither confirms nor persists (as ActorRpc's read-only requests).
/// </summary>
internal sealed class RawReplyToRpc : IAsyncDisposable
{
    public const string Queue = "bench.raw-rpc";

    private const string ReplyTo = "amq.rabbitmq.reply-to";

    public const int RequestBytes = 64;

    public const int ReplyBytes = 128;

    private static readonly byte[] s_request = new byte[RequestBytes];

    private static readonly byte[] s_reply = new byte[ReplyBytes];

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly IConnection _server;

    private readonly IConnection _client;

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _pending = new(StringComparer.Ordinal);

    private IChannel _clientChannel = null!;

    private RawReplyToRpc(IConnection server, IConnection client)
    {
        _server = server;
        _client = client;
    }

    /// <summary>The broker's product and version, from the connection's server properties.</summary>
    public string ServerVersion =>
        $"{Text(_client.ServerProperties, "product")} {Text(_client.ServerProperties, "version")}";

    public static async Task<RawReplyToRpc> StartAsync(Uri broker)
    {
        var server = await new ConnectionFactory { Uri = broker, ClientProvidedName = "bench:raw-server" }.CreateConnectionAsync().ConfigureAwait(false);
        var client = await new ConnectionFactory { Uri = broker, ClientProvidedName = "bench:raw-client" }.CreateConnectionAsync().ConfigureAwait(false);
        var rpc = new RawReplyToRpc(server, client);
        await rpc.OpenAsync().ConfigureAwait(false);
        return rpc;
    }

    private async Task OpenAsync()
    {
        var serverChannel = await _server.CreateChannelAsync().ConfigureAwait(false);
        await serverChannel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-queue-type"] = "classic" }).ConfigureAwait(false);
        await serverChannel.BasicQosAsync(0, 64, global: false).ConfigureAwait(false);
        var server = new AsyncEventingBasicConsumer(serverChannel);
        server.ReceivedAsync += async (_, delivery) =>
        {
            var request = delivery.BasicProperties;
            await serverChannel.BasicPublishAsync(string.Empty, request.ReplyTo!, mandatory: false, new BasicProperties { CorrelationId = request.CorrelationId }, s_reply)
                .ConfigureAwait(false);
            await serverChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
        };
        await serverChannel.BasicConsumeAsync(Queue, autoAck: false, server).ConfigureAwait(false);

        _clientChannel = await _client.CreateChannelAsync().ConfigureAwait(false);
        var replies = new AsyncEventingBasicConsumer(_clientChannel);
        replies.ReceivedAsync += (_, delivery) =>
        {
            if (delivery.BasicProperties.CorrelationId is { } id && _pending.TryRemove(id, out var waiting))
            {
                waiting.TrySetResult();
            }
            return Task.CompletedTask;
        };
        // Before the first publish: a reply-to publish on a channel without this consumer closes the channel.
        await _clientChannel.BasicConsumeAsync(ReplyTo, autoAck: true, replies).ConfigureAwait(false);
    }

    /// <summary>One request and its reply.</summary>
    public async Task CallAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            await _clientChannel.BasicPublishAsync(string.Empty, Queue, mandatory: false, new BasicProperties { CorrelationId = id, ReplyTo = ReplyTo }, s_request)
                .ConfigureAwait(false);
            await reply.Task.WaitAsync(s_timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new BenchmarkFailedException($"raw RPC: no reply within {s_timeout.TotalSeconds:0} s.");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private static string Text(IDictionary<string, object?>? properties, string key) =>
        properties is not null && properties.TryGetValue(key, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => "?",
            _ => value.ToString() ?? "?",
        } : "?";

    public async ValueTask DisposeAsync()
    {
        await _client.CloseAsync().ConfigureAwait(false);
        await _server.CloseAsync().ConfigureAwait(false);
        _client.Dispose();
        _server.Dispose();
    }
}
