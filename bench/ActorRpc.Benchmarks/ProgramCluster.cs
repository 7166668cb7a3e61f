using ActorRpc.Actors.Runtime;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Versioning;
using Akka.Actor;
using ActorRpc.Cluster.Transport;
using ActorRpc.Testing.Processes;
using RabbitMQ.Client;

namespace ActorRpc.Benchmarks;

/// <summary>The cluster section: nodes in this process on a private rabbitmq-server, beside raw RabbitMQ RPC on the same broker.</summary>
internal static partial class Program
{
    /// <summary>The issue's target for cross-node <c>status</c> with 64 in flight: this share of raw direct reply-to RPC's calls/s.</summary>
    private const double ClusterTargetRatio = 0.70;

    /// <summary>The enabled bots of the cross-node scenarios (about half land on the second node; at least 64 must).</summary>
    private const int ClusterCallBots = 200;

    /// <summary>Bounds a join, a settling and a leave each.</summary>
    private static readonly TimeSpan s_clusterTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// One broker and one run: node-1 alone (spread at 1 node), node-2 joins (spread at 2 nodes, then node-1 → node-2
    /// round trips beside raw RPC, and pause/resume), node-3 joins (spread at 3 nodes), then all leave; true if a
    /// scenario failed.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static async Task<bool> RunClusterSectionAsync(string[] args, BenchOptions options, List<string> written)
    {
        var report = new Report();
        var client = typeof(ConnectionFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
        WriteHeader(report, "ActorRpc cluster benchmark", args, options,
            $"- Cluster: a private rabbitmq-server (the TestKit's `RabbitBroker`: Debian's package on free loopback ports, its own epmd, cookie and data directory) and 1 to 3 nodes in this process, " +
            $"each a fresh `ActorSystem` with `NodeCore.Start` (sample plugin built in, owner 1, `BotsPlacedByCluster`, no plugins directory) joined with `ClusterNode.JoinAsync` " +
            $"({ClusterScenarios.Shards} shards, heartbeat {ClusterScenarios.Heartbeat.TotalSeconds:0} s, other `ClusterSettings` default); RabbitMQ.Client {client}; the nodes' logs keep warnings and the cluster's information lines; Akka settings as on a node (ActorSystems.BaseHocon)\n" +
            $"- Baseline: raw direct reply-to RPC with RabbitMQ.Client {client} on the same broker, in this process: a server connection consuming a durable classic queue (prefetch 64, manual ack) and replying to `ReplyTo` with the correlation id, " +
            $"a client connection publishing with `ReplyTo = amq.rabbitmq.reply-to` on a channel consuming it (auto-ack), correlation by a `ConcurrentDictionary` of `TaskCompletionSource`; {RawReplyToRpc.RequestBytes} B requests, {RawReplyToRpc.ReplyBytes} B replies, not persistent, no confirms\n" +
            $"- Second baseline: a bare Akka.Remote `Ask` (Akka.NET {AkkaRemoteRpc.Version}, DotNetty TCP on 127.0.0.1, default settings) from one actor system to an echo actor in another, in this process; " +
            $"the same {RawReplyToRpc.RequestBytes} B request and {RawReplyToRpc.ReplyBytes} B reply (byte arrays), an explicit 30 s ask timeout: what a cluster on Akka.Remote would pay per call before any routing");
        Console.Write(report.TakeNew());
        var wallClock = Stopwatch.StartNew();
        var failed = false;
        var loadBefore = LoadAverage();

        var phases = new List<ClusterPhase>();
        var extra = new List<string[]>();
        var calls = new List<(CallsResult? Raw, CallsResult? AkkaRemote, CallsResult Cluster, double? TargetRatio)>();
        var spread = new List<SpreadResult>();
        var nodes = new List<ClusterBenchNode>();
        var callBots = Enumerable.Range(0, ClusterCallBots).Select(static n => $"rt-{n:D3}").ToArray();
        var spreadBots = Enumerable.Range(0, options.ClusterSpreadBots).Select(static n => $"spread-{n:D4}").ToArray();
        var allBots = callBots.Length + spreadBots.Length;
        RabbitBroker? broker = null;
        RawReplyToRpc? raw = null;
        AkkaRemoteRpc? akka = null;
        Uri? uri = null;
        try
        {
            Console.Error.WriteLine("running: cluster start a private rabbitmq-server ...");
            var brokerStart = Stopwatch.GetTimestamp();
            broker = await RabbitBroker.StartAsync().ConfigureAwait(false);
            var brokerReady = Stopwatch.GetElapsedTime(brokerStart);
            uri = new Uri(broker.AmqpUri);
            raw = await RawReplyToRpc.StartAsync(uri).ConfigureAwait(false);
            extra.Add(["broker", $"{raw.ServerVersion}; started until its AMQP port answered: {Report.Seconds(brokerReady)}"]);
            akka = await AkkaRemoteRpc.StartAsync().ConfigureAwait(false);

            await JoinAsync("node-1", bots: 0).ConfigureAwait(false);

            Console.Error.WriteLine($"running: cluster save {callBots.Length} enabled and {spreadBots.Length:N0} idle bots through node-1 ...");
            var saveEnabled = await ClusterScenarios.SaveBotsAsync(nodes[0].Router, callBots, enabled: true, s_clusterTimeout).ConfigureAwait(false);
            var saveIdle = await ClusterScenarios.SaveBotsAsync(nodes[0].Router, spreadBots, enabled: false, s_clusterTimeout).ConfigureAwait(false);
            var hosted = await ClusterScenarios.WaitSettledAsync(nodes, allBots, s_clusterTimeout).ConfigureAwait(false);
            extra.Add(["registry: `SaveBotAsync` through node-1, 16 at a time",
                $"{callBots.Length} enabled bots in {Report.Seconds(saveEnabled)} ({Report.Count(callBots.Length / saveEnabled.TotalSeconds)} bots/s), {Report.Count(spreadBots.Length)} idle bots in {Report.Seconds(saveIdle)} ({Report.Count(spreadBots.Length / saveIdle.TotalSeconds)} bots/s); all {Report.Count(allBots)} seen hosted in `Members` {Report.Seconds(hosted)} after the last save"]);

            await SpreadAsync().ConfigureAwait(false);

            await JoinAsync("node-2", allBots).ConfigureAwait(false);
            await SpreadAsync().ConfigureAwait(false);

            // The bots node-2 hosts as node-1 sees them (node-2's entry in node-1's Members), checked against node-2's own table.
            var node2 = nodes[0].Router.Members.Single(static m => m.NodeName == "node-2");
            var remote = callBots.Where(node2.Bots.Contains).ToArray();
            var own = callBots.Where(nodes[1].Router.Local.Contains).ToArray();
            if (!remote.SequenceEqual(own))
            {
                report.Note($"node-1's Members entry for node-2 lists {remote.Length} of the call bots, node-2's own table {own.Length}; the round trips used node-1's view.");
            }
            report.Note($"Cross-node bots: {remote.Length} of the {callBots.Length} enabled bots are on node-2 (`status` cycles through all of them; pause/resume gives each caller one of the first {options.CoreCallers}).");
            await RoundTripsAsync(remote, callers: 1, options.ClusterSerialCalls, target: null).ConfigureAwait(false);
            await RoundTripsAsync(remote, options.CoreCallers, options.ClusterConcurrentCalls, ClusterTargetRatio).ConfigureAwait(false);
            Console.Error.WriteLine("running: cluster pause/resume node-1 → node-2 ...");
            await ScenarioAsync("pause/resume", async () =>
            {
                var (result, commands) = await ClusterScenarios.PauseResumeAsync(nodes[0].Router, remote, options.CoreCallers, options.ClusterChangeCalls, options.ClusterRepeats, s_runTimeout)
                    .ConfigureAwait(false);
                calls.Add((null, null, result, null));
                extra.Add(["state-changing commands before node-3 joined (`pause`/`resume`, warm-up included)", $"{Report.Count(commands)}; their records are in the registry and results streams (their sizes: the `list_queues` row); node-3's `JoinAsync` reads the registry from its latest snapshot (one every {ClusterBenchNode.Settings("node-3", uri).RegistrySnapshotEvery:N0} records) and the results of the last request timeout plus a minute (all of this run's)"]);
            }).ConfigureAwait(false);

            await JoinAsync("node-3", allBots).ConfigureAwait(false);
            await SpreadAsync().ConfigureAwait(false);

            Console.Error.WriteLine("running: cluster rabbitmqctl list_queues ...");
            await ScenarioAsync("rabbitmqctl list_queues", async () =>
            {
                var queues = await ClusterScenarios.ListQueuesAsync(broker.NodeName, broker.CliEnvironment, s_clusterTimeout).ConfigureAwait(false);
                var shards = queues.Where(static q => q.Name.StartsWith("actorrpc.shard.", StringComparison.Ordinal)).ToList();
                var others = queues.Where(static q => !q.Name.StartsWith("actorrpc.shard.", StringComparison.Ordinal)).OrderBy(static q => q.Name, StringComparer.Ordinal);
                extra.Add(["broker queues before the leaves (`rabbitmqctl list_queues`)",
                    $"{shards.Count} shard queues holding {Report.Count(shards.Sum(static q => q.Messages))} messages, {Report.Count(shards.Sum(static q => q.Consumers))} consumers; " +
                    string.Join("; ", others.Select(static q => $"{q.Name} ({q.Type}) {Report.Count(q.Messages)} messages, {q.Consumers} consumers"))]);
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BenchmarkFailedException or ClusterUnavailableException or InvalidOperationException or TimeoutException or OperationCanceledException or IOException
            or RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            failed = true;
            report.Note($"FAILED (the section stopped here): {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            // Last in, first out: each leave hands its shards to the nodes still there.
            for (var n = nodes.Count - 1; n >= 0; n--)
            {
                var node = nodes[n];
                Console.Error.WriteLine($"running: cluster {node.Name} leaves ...");
                try
                {
                    var left = await node.LeaveAsync(s_clusterTimeout).ConfigureAwait(false);
                    extra.Add([$"{node.Name} leaves (`LeaveAsync`, {n} node{(n == 1 ? "" : "s")} left)", Report.Seconds(left)]);
                }
                catch (TimeoutException)
                {
                    failed = true;
                    report.Note($"FAILED: {node.Name}'s LeaveAsync did not return within {s_clusterTimeout.TotalSeconds:0} s.");
                }
            }
            foreach (var node in nodes)
            {
                if (DeadLetters.Of(node.System) != 0)
                {
                    report.Note($"{node.Name}: {DeadLetters.Of(node.System):N0} dead letters in its actor system over the whole section.");
                }
                await node.DisposeAsync().ConfigureAwait(false);
            }
            if (akka is not null)
            {
                await akka.DisposeAsync().ConfigureAwait(false);
            }
            if (raw is not null)
            {
                await raw.DisposeAsync().ConfigureAwait(false);
            }
            if (broker is not null)
            {
                var stop = Stopwatch.GetTimestamp();
                await broker.DisposeAsync().ConfigureAwait(false);
                extra.Add(["broker stop (SIGTERM until exit) and clean-up", Report.Seconds(Stopwatch.GetElapsedTime(stop))]);
            }
        }

        if (calls.Count > 0)
        {
            report.ClusterRoundTripTable(calls, options.ClusterRepeats,
                "commands run on node-1's router for bots node-2 hosts (request through the bot's shard queue, reply by direct reply-to), beside raw RPC through the same broker");
        }
        if (spread.Count > 0)
        {
            report.ClusterSpreadTable(spread, options.ClusterRepeats, spreadBots.Length);
        }
        report.ClusterPhaseTable(phases, extra);
        foreach (var phase in phases.Where(static p => p.MostHandOvers > 1))
        {
            report.Note($"{phase.Phase}: some shard was handed over {phase.MostHandOvers} times before the cluster settled ({phase.HandOvers:N0} hand-overs in all), where one move per moved shard would do.");
        }
        foreach (var result in spread)
        {
            report.Note($"Spread, {result.Nodes} node{(result.Nodes == 1 ? "" : "s")}: {result.LocalShare * 100:0.0} % of the commands entered at the node that hosts their bot." +
                (result.Unhosted != 0 ? $" {result.Unhosted:N0} commands were for a bot no node (or more than one) hosted when the runs began." : "") +
                (result.HostingChanged ? " Some bot moved during the runs: the per-node counts are approximate." : "") +
                (result.MembersDisagree != 0 ? $" For {result.MembersDisagree} bots node-1's Members view named another host than the nodes' own tables." : ""));
        }
        foreach (var node in nodes)
        {
            if (node.Log.Templates.Count > 0)
            {
                report.Note($"{node.Name} cluster log (information lines by template): {string.Join("; ", node.Log.Templates.OrderByDescending(static t => t.Value).Select(static t => $"{t.Value} × \"{t.Key}\""))}.");
            }
            if (node.Log.Warnings != 0)
            {
                report.Note($"{node.Name} logged {node.Log.Warnings:N0} warnings or errors; the first {node.Log.Lines.Count}: {string.Join(" | ", node.Log.Lines)}");
            }
        }
        report.Note($"Total wall time {wallClock.Elapsed.TotalSeconds:0.0} s.{(loadBefore is null ? "" : $" Load average (1, 5, 15 min) at start {loadBefore}, at end {LoadAverage()}: the broker, the nodes, the callers and whatever else runs share the cores.")}");
        report.Finish(
        [
            $"Share of raw: an implementation's calls/s as a share of the raw baseline's in the same run (same callers, same number of calls, runs alternating raw, Akka.Remote, ActorRpc); Added p50: its median latency minus raw's. The issue's target: >= {ClusterTargetRatio * 100:0} % of raw at {options.CoreCallers} in flight. " +
                "On top of raw RPC, a cluster `status` parses and resolves the command on node-1 (registry lookup, shard of the bot), publishes a JSON request with a message id, a deadline header and an expiration; on node-2 the shard actor takes the delivery, asks the bot actor, publishes the JSON answer on another channel and acks; node-1 turns the answer into the command's result.",
            "`pause`/`resume`: state-changing commands are published persistent and confirmed, and on the bot's node run one at a time per shard between a \"started\" and a \"done\" record on the results stream (by design: at-most-once execution across redeliveries); a command that changed the bot's state also records it on the registry stream, so each costs three confirmed stream records besides its confirmed request. No raw baseline. Each caller alternates on a bot of its own, an even number of times per run, so every run starts with the bots running.",
            "Latencies (p50, p99, Max): each call's own duration as its caller saw it, over the median run. Runs calls/s: the slowest and fastest timed runs.",
            $"Spread: caller c enters at node c % nodes; every command goes through its bot's shard queue, also when it entered at the node that hosts the bot. Executed per node: the commands of one timed run whose bot the node hosted, by each node's own table (`router.Local.Names`, read before and after the runs); the picks are the same pseudo-random sequence in every run and at every size. On {Environment.ProcessorCount} cores the total is bounded by the CPU: the broker, every node and the callers share the same cores, so another node adds work (its own consumers, heartbeats), not CPU; the per-node split shows the spread, not a scaling.",
            $"Settled: every node's `router.Members` lists every node, the shards held add up to {ClusterScenarios.Shards} with each held once, no node holds more than ceil({ClusterScenarios.Shards} / nodes) nor fewer than that leaves, and the hosted bots add up to every registered bot; it must hold for one heartbeat before it counts. Settled after: from `JoinAsync`'s return to the first poll (every 50 ms) at which it held. Hand-overs and activations: the shard actors' \"handed over\" and \"now served here\" log lines on all nodes from the join until settled (a join of the n-th node should move about {ClusterScenarios.Shards} / n shards: as many hand-overs as activations).",
        ]);
        Console.Write(report.TakeNew());
        written.Add(SaveResults(report.Text, "cluster-latest.md"));
        return failed;

        async Task JoinAsync(string name, int bots)
        {
            Console.Error.WriteLine($"running: cluster {name} joins ...");
            var handOvers = nodes.Sum(static n => n.Log.Count(ClusterLog.HandOverPrefix));
            var activations = nodes.Sum(static n => n.Log.Count(ClusterLog.ActivationPrefix));
            var byShard = HandOversByShard();
            var node = await ClusterBenchNode.JoinAsync(name, uri!, s_clusterTimeout).ConfigureAwait(false);
            nodes.Add(node);
            var settle = await ClusterScenarios.WaitSettledAsync(nodes, bots, s_clusterTimeout).ConfigureAwait(false);
            phases.Add(new ClusterPhase(
                $"{name} joins ({nodes.Count} node{(nodes.Count == 1 ? "" : "s")}, {bots:N0} bots)",
                node.Join,
                settle,
                nodes.Sum(static n => n.Log.Count(ClusterLog.HandOverPrefix)) - handOvers,
                nodes.Sum(static n => n.Log.Count(ClusterLog.ActivationPrefix)) - activations,
                HandOversByShard().Zip(byShard, static (after, before) => after - before).Max(),
                ClusterScenarios.Split(nodes[0].Router.Members, static m => m.Shards.Count)));
        }

        // Every node's hand-overs so far, by shard.
        long[] HandOversByShard()
        {
            var total = new long[ClusterScenarios.Shards];
            foreach (var node in nodes)
            {
                var counts = node.Log.HandOversByShard(total.Length);
                for (var shard = 0; shard < total.Length; shard++)
                {
                    total[shard] += counts[shard];
                }
            }
            return total;
        }

        async Task SpreadAsync()
        {
            Console.Error.WriteLine($"running: cluster spread, {nodes.Count} node{(nodes.Count == 1 ? "" : "s")} ...");
            await ScenarioAsync($"spread, {nodes.Count} nodes", async () => spread.Add(
                await ClusterScenarios.SpreadAsync(nodes, spreadBots, options.CoreCallers, options.ClusterSpreadCalls, options.ClusterRepeats, s_runTimeout).ConfigureAwait(false)))
                .ConfigureAwait(false);
        }

        async Task RoundTripsAsync(string[] remote, int callers, int count, double? target)
        {
            Console.Error.WriteLine($"running: cluster status node-1 → node-2, {callers} in flight ...");
            await ScenarioAsync($"status, {callers} in flight", async () =>
            {
                var (rawResult, akkaResult, clusterResult) = await ClusterScenarios.StatusRoundTripsAsync(raw!, akka!, nodes[0].Router, remote, callers, count,
                    options.ClusterRepeats, s_runTimeout).ConfigureAwait(false);
                calls.Add((rawResult, akkaResult, clusterResult, target));
            }).ConfigureAwait(false);
        }

        // A failed measurement is reported and the section goes on (the cluster is still up).
        async Task ScenarioAsync(string name, Func<Task> run)
        {
            try
            {
                await run().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BenchmarkFailedException or AskTimeoutException or TimeoutException)
            {
                failed = true;
                report.Note($"FAILED {name}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }
}
