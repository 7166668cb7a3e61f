using ActorRpc.PluginSdk;
using Microsoft.Extensions.Logging.Abstractions;
using ActorRpc.Actors.Runtime;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Tcp;
using ActorRpc.Messages.Dfproto;
using ActorRpc.Plugins.Sample;
using Google.Protobuf;

namespace ActorRpc.Benchmarks;

/// <summary>One round-trip scenario of the TCP section: connections, requests in flight on each, and the request.</summary>
/// <param name="Name">The scenario's name in the table.</param>
/// <param name="Connections">Client connections to each server.</param>
/// <param name="Window">Requests in flight per connection (1: ping-pong, each reply awaited before the next request).</param>
/// <param name="RoundTrips">Round trips of one timed run, shared out among the connections.</param>
/// <param name="TargetRatio">The issue's target for gateway/bare, or null for none.</param>
/// <param name="RunCommand">RunCommand <c>version</c> instead of GetVersion.</param>
internal sealed record TcpScenario(string Name, int Connections, int Window, long RoundTrips, double? TargetRatio, bool RunCommand)
{
    public long RoundTripsPerConnection => RoundTrips / Connections;
}

/// <summary>A request as sent to one server, and what its answer must look like.</summary>
/// <param name="Frame">The whole request frame.</param>
/// <param name="TextAllowed">Whether TEXT frames may come before the RESULT (they are counted).</param>
/// <param name="ResultSize">The RESULT's body size (checked on every reply; RESULT bodies are not parsed in timed runs).</param>
/// <param name="Check">Checks the first reply's text and RESULT body; returns what is wrong, or null.</param>
internal sealed record TcpRequest(byte[] Frame, bool TextAllowed, int ResultSize, Func<string, byte[], string?> Check);

/// <summary>Gateway and bare echo figures of one round-trip scenario.</summary>
/// <param name="TextFramesPerCall">TEXT frames per round trip as the gateway sent them (RunCommand).</param>
/// <param name="BareRepliesPerRead">RESULT frames per client receive call during the bare echo's timed runs.</param>
/// <param name="GatewayRepliesPerRead">The same for the gateway: below 1, a reply came in several writes.</param>
internal sealed record TcpComparison(
    TcpScenario Scenario, ThroughputResult Bare, ThroughputResult Gateway, double TextFramesPerCall, double BareRepliesPerRead, double GatewayRepliesPerRead)
{
    public double Ratio => Gateway.RoundTripsPerSecond / Bare.RoundTripsPerSecond;

    public bool Passed => Scenario.TargetRatio is not { } target || Ratio >= target;
}

/// <summary>The process before and after opening many idle connections to one server.</summary>
internal sealed record IdleResult(
    string Server, int Connections, TimeSpan Connect, int Reported,
    long HeapBefore, long HeapAfter, long WorkingSetBefore, long WorkingSetAfter, int ThreadsBefore, int ThreadsAfter, TimeSpan Close)
{
    public double HeapPerConnection => (double)(HeapAfter - HeapBefore) / Connections;

    public double WorkingSetPerConnection => (double)(WorkingSetAfter - WorkingSetBefore) / Connections;
}

/// <summary>
/// The TCP section: the real gateway (<see cref="TcpGateway"/> over <see cref="NodeCore"/> with the sample
/// plugin, in process) beside <see cref="BareEchoServer"/>, driven by the same minimal client
/// (<see cref="BenchConnection"/>) over 127.0.0.1.
/// </summary>
internal sealed class TcpScenarios : IAsyncDisposable
{
    private readonly GatewayNode _gateway;

    private readonly BareEchoServer _bare;

    /// <summary>The gateway's GetVersion RESULT body (a <c>dfproto.StringMessage</c>): the bare echo answers every request with it.</summary>
    private readonly byte[] _versionBody;

    private TcpScenarios(GatewayNode gateway, BareEchoServer bare, byte[] versionBody)
    {
        _gateway = gateway;
        _bare = bare;
        _versionBody = versionBody;
    }

    public int VersionBodyLength => _versionBody.Length;

    public string VersionText => StringMessage.Parser.ParseFrom(_versionBody).Value;

    public long DeadLetters => Actors.Runtime.DeadLetters.Of(_gateway.System);

    /// <summary>
    /// Where a RunCommand round trip's bytes go, measured in process on this gateway's core, one call at a time (200,000
    /// after 20,000 of warm-up, <c>GC.GetTotalAllocatedBytes(precise: true)</c> around them): the router's part
    /// (<c>RunCommandAsync("version")</c>: parsing, the built-in, the recorded output, the result) and the request
    /// activity the connection starts for each call (<c>ActorRpcTracing.StartRequest</c>, its peer tag, its disposal).
    /// </summary>
    public async Task<(double Router, double Activity)> AllocationBreakdownAsync()
    {
        string[] none = [];
        var router = await PerCallAsync(() => _gateway.Router.RunCommandAsync("version", none, NullCommandOutput.Instance)).ConfigureAwait(false);
        var activity = await PerCallAsync(static () =>
        {
            using var request = Actors.Diagnostics.ActorRpcTracing.StartRequest("RunCommand");
            request.SetTag("net.peer.ip", "127.0.0.1");
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        return (router, activity);

        static async Task<double> PerCallAsync(Func<Task> call)
        {
            for (var i = 0; i < 20_000; i++)
            {
                await call().ConfigureAwait(false);
            }
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < 200_000; i++)
            {
                await call().ConfigureAwait(false);
            }
            return (GC.GetTotalAllocatedBytes(precise: true) - before) / 200_000.0;
        }
    }

    /// <summary>Starts the gateway, asks it GetVersion once, and starts the bare echo answering with that reply's body.</summary>
    public static async Task<TcpScenarios> StartAsync(TimeSpan timeout)
    {
        var gateway = await GatewayNode.StartAsync(timeout).ConfigureAwait(false);
        try
        {
            byte[] body;
            using (var probe = await BenchConnection.OpenAsync(gateway.Port, CancellationToken.None).WaitAsync(timeout).ConfigureAwait(false))
            {
                (_, body) = await CallOnceAsync(probe, TcpWire.Frame(TcpWire.GetVersion, [])).WaitAsync(timeout).ConfigureAwait(false);
            }
            var version = StringMessage.Parser.ParseFrom(body);
            if (!version.IsInitialized() || version.Value.Length == 0)
            {
                throw new BenchmarkFailedException($"gateway GetVersion: unexpected RESULT body {Convert.ToHexString(body)}.");
            }
            return new TcpScenarios(gateway, new BareEchoServer(body), body);
        }
        catch
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The request of <paramref name="scenario"/> as sent to the gateway and to the bare echo.</summary>
    private (TcpRequest Bare, TcpRequest Gateway) Requests(TcpScenario scenario)
    {
        var body = _versionBody;
        var bare = new TcpRequest(
            [], TextAllowed: false, body.Length,
            (_, result) => result.AsSpan().SequenceEqual(body) ? null : $"RESULT body {Convert.ToHexString(result)}");
        if (!scenario.RunCommand)
        {
            var frame = TcpWire.Frame(TcpWire.GetVersion, []);
            return (bare with { Frame = frame }, new TcpRequest(
                frame, TextAllowed: false, body.Length,
                (text, result) => text.Length == 0 && result.AsSpan().SequenceEqual(body) ? null : $"text '{text}', RESULT body {Convert.ToHexString(result)}"));
        }
        var command = TcpWire.Frame(TcpWire.RunCommand, new CoreRunCommandRequest { Command = "version" }.ToByteArray());
        return (bare with { Frame = command }, new TcpRequest(
            command, TextAllowed: true, 0,
            (text, result) => text.Contains("ActorRpc V", StringComparison.Ordinal) && result.Length == 0 ? null : $"text '{text}', RESULT body {Convert.ToHexString(result)}"));
    }

    /// <summary>
    /// One round-trip scenario: opens its connections to both servers, checks one call on each, warms both
    /// up (a tenth of the round trips), then alternates <paramref name="repeats"/> timed runs, bare first.
    /// </summary>
    public async Task<TcpComparison> CompareAsync(TcpScenario scenario, int repeats, TimeSpan timeout)
    {
        var (bareRequest, gatewayRequest) = Requests(scenario);
        var bare = await OpenAsync(_bare.Port, scenario.Connections, timeout).ConfigureAwait(false);
        try
        {
            var gateway = await OpenAsync(_gateway.Port, scenario.Connections, timeout).ConfigureAwait(false);
            try
            {
                await CheckFirstCallAsync($"{scenario.Name}, bare echo", bare[0], bareRequest, timeout).ConfigureAwait(false);
                await CheckFirstCallAsync($"{scenario.Name}, gateway", gateway[0], gatewayRequest, timeout).ConfigureAwait(false);

                var perConnection = scenario.RoundTripsPerConnection;
                var warmup = Math.Max(1, perConnection / 10);
                await RunAsync($"{scenario.Name}, bare echo (warm-up)", bare, bareRequest, scenario.Window, warmup, timeout).ConfigureAwait(false);
                await RunAsync($"{scenario.Name}, gateway (warm-up)", gateway, gatewayRequest, scenario.Window, warmup, timeout).ConfigureAwait(false);

                var bareReceives = bare.Sum(static c => c.Receives);
                var gatewayReceives = gateway.Sum(static c => c.Receives);
                var gatewayTexts = gateway.Sum(static c => c.TextFrames);
                var bareSamples = new List<Sample>(repeats);
                var gatewaySamples = new List<Sample>(repeats);
                for (var i = 0; i < repeats; i++)
                {
                    bareSamples.Add(await Measure.TimeAsync(() => RunAsync($"{scenario.Name}, bare echo", bare, bareRequest, scenario.Window, perConnection, timeout)).ConfigureAwait(false));
                    gatewaySamples.Add(await Measure.TimeAsync(() => RunAsync($"{scenario.Name}, gateway", gateway, gatewayRequest, scenario.Window, perConnection, timeout)).ConfigureAwait(false));
                }
                double timed = perConnection * scenario.Connections * repeats;
                var total = perConnection * scenario.Connections;
                return new TcpComparison(
                    scenario,
                    new ThroughputResult(scenario.Name, "bare echo", scenario.Connections, total, bareSamples),
                    new ThroughputResult(scenario.Name, "gateway", scenario.Connections, total, gatewaySamples),
                    (gateway.Sum(static c => c.TextFrames) - gatewayTexts) / timed,
                    timed / (bare.Sum(static c => c.Receives) - bareReceives),
                    timed / (gateway.Sum(static c => c.Receives) - gatewayReceives));
            }
            finally
            {
                Close(gateway);
            }
        }
        finally
        {
            Close(bare);
        }
    }

    /// <summary>
    /// Idle connections: the managed heap and working set with <paramref name="count"/> handshaken, idle
    /// connections to each server, against the same just before opening them. The gateway is measured first
    /// (memory freed by the first measurement can only flatter the second); a warm-up of a tenth of the
    /// connections to each server comes before both.
    /// </summary>
    public async Task<(IdleResult Gateway, IdleResult Bare)> IdleConnectionsAsync(int count, TimeSpan timeout)
    {
        await IdleAsync("gateway (warm-up)", _gateway.Port, count / 10, GatewayCountAsync, timeout).ConfigureAwait(false);
        await IdleAsync("bare echo (warm-up)", _bare.Port, count / 10, BareCountAsync, timeout).ConfigureAwait(false);
        var gateway = await IdleAsync("gateway", _gateway.Port, count, GatewayCountAsync, timeout).ConfigureAwait(false);
        var bare = await IdleAsync("bare echo", _bare.Port, count, BareCountAsync, timeout).ConfigureAwait(false);
        return (gateway, bare);

        Task<int> GatewayCountAsync() => _gateway.Gateway.CountConnectionsAsync(TimeSpan.FromSeconds(5));

        Task<int> BareCountAsync() => Task.FromResult(_bare.OpenConnections);
    }

    private static async Task<IdleResult> IdleAsync(string server, int port, int count, Func<Task<int>> countOpen, TimeSpan timeout)
    {
        await WaitForCountAsync($"{server}: connections of earlier scenarios", countOpen, 0, timeout).ConfigureAwait(false);
        var sockets = new Socket?[count];
        var (heapBefore, workingSetBefore) = Memory();
        var threadsBefore = ThreadPool.ThreadCount;
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            var start = Stopwatch.GetTimestamp();
            // 32 handshakes at a time: all at once would only measure the listen backlog.
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancel.Token }, async (i, token) =>
                sockets[i] = await TcpWire.ConnectAndHandshakeAsync(port, token).ConfigureAwait(false)).ConfigureAwait(false);
            var connect = Stopwatch.GetElapsedTime(start);
            await WaitForCountAsync($"{server}: {count} idle connections", countOpen, count, timeout).ConfigureAwait(false);
            var reported = await countOpen().ConfigureAwait(false);
            var (heapAfter, workingSetAfter) = Memory();
            var threadsAfter = ThreadPool.ThreadCount;

            var closeStart = Stopwatch.GetTimestamp();
            CloseAll(sockets);
            await WaitForCountAsync($"{server}: closing {count} idle connections", countOpen, 0, timeout).ConfigureAwait(false);
            var close = Stopwatch.GetElapsedTime(closeStart);
            return new IdleResult(server, count, connect, reported, heapBefore, heapAfter, workingSetBefore, workingSetAfter, threadsBefore, threadsAfter, close);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            throw new BenchmarkFailedException($"{server}: opening {count} idle connections: {ex.GetType().Name}: {ex.Message} ({sockets.Count(static s => s is not null)} open).");
        }
        finally
        {
            CloseAll(sockets);
        }
    }

    private static void CloseAll(Socket?[] sockets)
    {
        for (var i = 0; i < sockets.Length; i++)
        {
            sockets[i]?.Dispose();
            sockets[i] = null;
        }
    }

    /// <summary>Polls until the server reports <paramref name="expected"/> open connections.</summary>
    private static async Task WaitForCountAsync(string what, Func<Task<int>> countOpen, int expected, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        int open;
        while ((open = await countOpen().ConfigureAwait(false)) != expected)
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new BenchmarkFailedException($"{what}: the server reports {open} open connections after {timeout.TotalSeconds:0} s, expected {expected}.");
            }
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The managed heap after full collections, and the working set after an aggressive one (which gives
    /// back what the GC can decommit, so memory kept from earlier scenarios does not hide the growth).
    /// </summary>
    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    private static async Task<BenchConnection[]> OpenAsync(int port, int count, TimeSpan timeout)
    {
        var connections = new List<BenchConnection>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                connections.Add(await BenchConnection.OpenAsync(port, CancellationToken.None).WaitAsync(timeout).ConfigureAwait(false));
            }
            return [.. connections];
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            Close(connections);
            throw new BenchmarkFailedException($"connecting to port {port}: {ex.GetType().Name}: {ex.Message} ({connections.Count} of {count} open).");
        }
    }

    private static void Close(IEnumerable<BenchConnection> connections)
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }

    /// <summary>One call whose text and RESULT body are checked, before any timed run.</summary>
    internal static async Task CheckFirstCallAsync(string what, BenchConnection connection, TcpRequest request, TimeSpan timeout)
    {
        var (text, body) = await CallOnceAsync(connection, request.Frame).WaitAsync(timeout).ConfigureAwait(false);
        if (request.Check(text, body) is { } problem)
        {
            throw new BenchmarkFailedException($"{what}: unexpected reply: {problem}.");
        }
        if ((!request.TextAllowed && text.Length > 0) || body.Length != request.ResultSize)
        {
            throw new BenchmarkFailedException($"{what}: reply of {body.Length} bytes with text '{text}', expected {request.ResultSize} bytes{(request.TextAllowed ? "" : " and no text")}.");
        }
    }

    /// <summary>Sends <paramref name="frame"/> and reads the reply: the text of its TEXT frames and its RESULT body.</summary>
    internal static async Task<(string Text, byte[] Body)> CallOnceAsync(BenchConnection connection, byte[] frame)
    {
        await connection.SendAsync(frame).ConfigureAwait(false);
        var text = new StringBuilder();
        while (true)
        {
            if (!connection.TryReadFrame(out var id, out var size))
            {
                if (!await connection.FillAsync().ConfigureAwait(false))
                {
                    throw new BenchmarkFailedException("the server closed the connection before its reply.");
                }
                continue;
            }
            switch (id)
            {
                case TcpWire.ReplyResult:
                    var body = connection.Body.ToArray();
                    connection.EnsureNothingLeft("first call");
                    return (text.ToString(), body);
                case TcpWire.ReplyText:
                    foreach (var fragment in CoreTextNotification.Parser.ParseFrom(connection.Body.ToArray()).Fragments)
                    {
                        text.Append(fragment.Text);
                    }
                    break;
                case TcpWire.ReplyFail:
                    throw new BenchmarkFailedException($"FAIL {size} after text '{text}'.");
                default:
                    throw new BenchmarkFailedException($"unexpected frame id {id}, size {size}.");
            }
        }
    }

    /// <summary>
    /// One run: every connection does <paramref name="perConnection"/> round trips at once, keeping
    /// <paramref name="window"/> requests in flight. A hang past <paramref name="timeout"/> closes the
    /// connections and fails the scenario.
    /// </summary>
    internal static async Task RunAsync(string what, BenchConnection[] connections, TcpRequest request, int window, long perConnection, TimeSpan timeout)
    {
        var repliesBefore = connections.Sum(static c => c.Replies);
        var batch = window == 1 ? request.Frame : TcpWire.Repeat(request.Frame, window);
        var tasks = new Task[connections.Length];
        for (var i = 0; i < connections.Length; i++)
        {
            tasks[i] = window == 1
                ? PingPongAsync(connections[i], request, perConnection)
                : PipelinedAsync(connections[i], request, batch, window, perConnection);
        }
        var all = Task.WhenAll(tasks);
        try
        {
            await all.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var replies = connections.Sum(static c => c.Replies) - repliesBefore;
            var firstFault = tasks.FirstOrDefault(static t => t.IsFaulted)?.Exception?.InnerException;
            Close(connections);
            await all.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw new BenchmarkFailedException(
                $"{what}: not complete after {timeout.TotalSeconds:0} s, {replies} of {perConnection * connections.Length} replies received (lost reply or stalled connection)" +
                (firstFault is null ? "." : $"; first failed connection: {firstFault.Message}"));
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            Close(connections);
            throw new BenchmarkFailedException($"{what}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Sends a request, reads its TEXT frames (if allowed) and its RESULT, and only then sends the next.</summary>
    private static async Task PingPongAsync(BenchConnection connection, TcpRequest request, long roundTrips)
    {
        for (var i = 0L; i < roundTrips; i++)
        {
            await connection.SendAsync(request.Frame).ConfigureAwait(false);
            while (true)
            {
                if (!connection.TryReadFrame(out var id, out var size))
                {
                    await FillAsync(connection).ConfigureAwait(false);
                    continue;
                }
                if (id == TcpWire.ReplyResult && size == request.ResultSize)
                {
                    break;
                }
                if (id != TcpWire.ReplyText || !request.TextAllowed)
                {
                    throw Unexpected(id, size, request);
                }
            }
        }
        connection.EnsureNothingLeft("ping-pong");
    }

    /// <summary>
    /// A writer keeps <paramref name="window"/> requests in flight (it sends as many as have been answered,
    /// in one write) while a reader counts the replies; GetVersion replies are identical, so order is checked
    /// by count only.
    /// </summary>
    private static async Task PipelinedAsync(BenchConnection connection, TcpRequest request, byte[] batch, int window, long roundTrips)
    {
        var credits = new Window(window);
        var writer = WriteAsync();
        try
        {
            var received = 0L;
            while (received < roundTrips)
            {
                var replies = 0;
                while (connection.TryReadFrame(out var id, out var size))
                {
                    if (id == TcpWire.ReplyResult && size == request.ResultSize)
                    {
                        replies++;
                    }
                    else if (id != TcpWire.ReplyText || !request.TextAllowed)
                    {
                        throw Unexpected(id, size, request);
                    }
                }
                if (replies > 0)
                {
                    received += replies;
                    credits.Give(replies);
                }
                if (received < roundTrips)
                {
                    await FillAsync(connection).ConfigureAwait(false);
                }
            }
            if (received != roundTrips)
            {
                throw new BenchmarkFailedException($"pipelined: {received} replies to {roundTrips} requests.");
            }
            connection.EnsureNothingLeft("pipelined");
        }
        finally
        {
            credits.Close();
        }
        await writer.ConfigureAwait(false);

        async Task WriteAsync()
        {
            var sent = 0L;
            while (sent < roundTrips)
            {
                var n = (int)Math.Min(await credits.TakeAsync().ConfigureAwait(false), roundTrips - sent);
                if (n <= 0)
                {
                    return;
                }
                await connection.SendAsync(batch.AsMemory(0, n * request.Frame.Length)).ConfigureAwait(false);
                sent += n;
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask FillAsync(BenchConnection connection)
    {
        if (!await connection.FillAsync().ConfigureAwait(false))
        {
            throw new BenchmarkFailedException("the server closed the connection during the run.");
        }
    }

    private static BenchmarkFailedException Unexpected(short id, int size, TcpRequest request) =>
        new($"unexpected frame id {id} size {size} (expected {(request.TextAllowed ? "TEXT or " : "")}RESULT of {request.ResultSize} bytes).");

    public async ValueTask DisposeAsync()
    {
        await _bare.DisposeAsync().ConfigureAwait(false);
        await _gateway.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Credits of a pipelined connection: the reader gives one per reply, the writer takes all there are
    /// and sends as many requests, waiting when there are none.
    /// </summary>
    private sealed class Window(int size)
    {
        private readonly SemaphoreSlim _signal = new(0);

        private int _credits = size;

        private volatile bool _closed;

        /// <summary>Every credit available (waiting for at least one), or 0 once closed.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<int> TakeAsync()
        {
            while (true)
            {
                var credits = Interlocked.Exchange(ref _credits, 0);
                if (credits > 0)
                {
                    return credits;
                }
                if (_closed)
                {
                    return 0;
                }
                await _signal.WaitAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Adds credits; wakes the writer if it may be waiting (the credits were 0).</summary>
        public void Give(int credits)
        {
            if (Interlocked.Add(ref _credits, credits) == credits)
            {
                _signal.Release();
            }
        }

        public void Close()
        {
            _closed = true;
            _signal.Release();
        }
    }
}

/// <summary>
/// The real gateway in process: a fresh actor system, <see cref="NodeCore"/> with the sample plugin (owner 1,
/// so RunCommand is allowed; its directories under a temporary one) and <see cref="TcpGateway"/> on a free
/// port of 127.0.0.1; disposing stops the gateway, terminates the system and deletes the directory.
/// </summary>
internal sealed class GatewayNode : IAsyncDisposable
{
    private readonly string _root;

    private GatewayNode(ActorSystem system, CommandRouter router, TcpGateway gateway, string root)
    {
        System = system;
        Router = router;
        Gateway = gateway;
        _root = root;
    }

    public ActorSystem System { get; }

    public CommandRouter Router { get; }

    public TcpGateway Gateway { get; }

    public int Port => Gateway.Port;

    public static async Task<GatewayNode> StartAsync(TimeSpan timeout)
    {
        var root = CoreNode.CreateTemporaryDirectory("tcp");
        var system = ActorSystems.Create("bench-tcp", NullLoggerFactory.Instance);
        try
        {
            var router = NodeCore.Start(system, NullLoggerFactory.Instance, new CoreOptions
            {
                NodeName = "node1",
                BotsDirectory = Path.Combine(root, "config"),
                PluginsDirectory = Path.Combine(root, "plugins"),
                OwnerId = 1,
            }, [new SamplePlugin()]);
            await CoreNode.WaitReadyAsync(router, 0, timeout).ConfigureAwait(false);
            var gateway = new TcpGateway(system, router, new TcpGatewayOptions { Port = 0 }, NullLoggerFactory.Instance);
            await gateway.StartAsync(CancellationToken.None).ConfigureAwait(false);
            if (gateway.Port == 0)
            {
                throw new BenchmarkFailedException("the TCP gateway did not start listening.");
            }
            return new GatewayNode(system, router, gateway, root);
        }
        catch
        {
            await CoreNode.TerminateAsync(system).ConfigureAwait(false);
            CoreNode.DeleteDirectory(root);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Gateway.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("warning: the TCP gateway did not stop within 30 s.");
        }
        await CoreNode.TerminateAsync(System).ConfigureAwait(false);
        CoreNode.DeleteDirectory(_root);
    }
}
