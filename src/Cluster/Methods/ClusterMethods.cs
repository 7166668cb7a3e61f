using System.Collections.Concurrent;
using System.Text.Json;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Actors.Plugins;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster.Records;
using ActorRpc.Cluster.Transport;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorRpc.Cluster.Methods;

/// <summary>A method call's reply on the wire: result code, output message bytes, and the text the call wrote.</summary>
internal sealed record MethodAnswer(CommandResultCode Code, byte[]? Output, List<TextPiece>? Text);

/// <summary>One piece of a call's text, with its colour.</summary>
internal sealed record TextPiece(string Text, TextColor Color);

/// <summary>
/// Plugin methods across the cluster: one competing-consumer queue per <c>plugin::method</c>, consumed by every
/// node that has the plugin loaded, so calls spread over those nodes. A call's text comes back with its reply
/// (not streamed while it runs). A call redelivered after its node died is answered CR_LINK_FAILURE, not run
/// again: it may have run already (at most once). While the broker is unreachable, calls run on this node.
/// </summary>
internal sealed class ClusterMethods : IRemoteMethods, IAsyncDisposable
{
    private const string CallType = "method-call";

    private readonly ClusterContext _cluster;
    private readonly CommandRouter _router;
    private readonly ILogger _log;

    /// <summary>This node's subscriptions, by method queue.</summary>
    private readonly ConcurrentDictionary<string, (RpcMethod Method, string Tag)> _subscribed = new(StringComparer.Ordinal);

    /// <summary>
    /// Calls running here for other nodes (a leave waits for them), by a number of this node's own: delivery tags start
    /// again at 1 on a recovered channel, so they could name two calls at once.
    /// </summary>
    private readonly ConcurrentDictionary<long, Task> _running = new();

    /// <summary>The last number given to a call in <see cref="_running"/>.</summary>
    private long _lastCall;

    /// <summary>Serialises subscription changes.</summary>
    private readonly SemaphoreSlim _reconciling = new(1, 1);

    private IChannel _channel = null!;

    public ClusterMethods(ClusterContext cluster, CommandRouter router)
    {
        _cluster = cluster;
        _router = router;
        _log = cluster.Logs.CreateLogger("ActorRpc.Cluster.Methods");
    }

    /// <summary>Subscribes to the queues of the methods loaded here, and follows plugin loads and unloads.</summary>
    public async Task StartAsync()
    {
        _channel = await _cluster.Link.OpenConsumerChannelAsync(_cluster.Settings.MethodPrefetch).ConfigureAwait(false);
        await ReconcileAsync(_router.Table).ConfigureAwait(false);
        _router.TableChanged += table => _ = ReconcileAsync(table);
    }

    /// <summary>After a reconnection: the subscriptions died with the old connection; subscribe to every loaded method again.</summary>
    public async Task RestoreAsync()
    {
        if (!_channel.IsOpen)
        {
            // Closed by a channel error (a method queue not up yet after a broker restart): the library reopens channels only with the connection.
            _channel = await _cluster.Link.OpenConsumerChannelAsync(_cluster.Settings.MethodPrefetch).ConfigureAwait(false);
        }
        _subscribed.Clear();
        await ReconcileAsync(_router.Table, rethrow: true).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<MethodCallResult>? TryCall(RpcMethod method, IMessage input, ICommandOutput output, CancellationToken cancellationToken) =>
        _cluster.Link.IsUp ? CallAsync(method, input, output, cancellationToken) : null;

    private async Task<MethodCallResult> CallAsync(RpcMethod method, IMessage input, ICommandOutput output, CancellationToken cancellationToken)
    {
        byte[] reply;
        try
        {
            reply = await _cluster.Link.CallAsync(_cluster.MethodQueue(method.Plugin, method.Name), Guid.NewGuid().ToString("N"), CallType,
                input.ToByteArray(), changesState: true, _cluster.Settings.RequestTimeout).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            output.Write($"In call to {method.FullName}: {ex.Message}\n", TextColor.LightRed);
            return new MethodCallResult(CommandResultCode.LinkFailure, null);
        }
        var answer = JsonSerializer.Deserialize<MethodAnswer>(reply, ClusterJson.Options);
        if (answer is null)
        {
            return new MethodCallResult(CommandResultCode.LinkFailure, null);
        }
        foreach (var piece in answer.Text ?? [])
        {
            output.Write(piece.Text, piece.Color);
        }
        var message = answer.Output is { } bytes ? RpcMethod.TryParse(method.Output.Parser, bytes) : null;
        return new MethodCallResult(answer.Code, message);
    }

    /// <summary>Subscribes to methods newly loaded and cancels those unloaded.</summary>
    private async Task ReconcileAsync(RoutingTable table, bool rethrow = false)
    {
        await _reconciling.WaitAsync().ConfigureAwait(false);
        try
        {
            var wanted = table.Plugins.Values.SelectMany(p => p.Methods.Values).ToDictionary(m => _cluster.MethodQueue(m.Plugin, m.Name), StringComparer.Ordinal);
            foreach (var (queue, (method, tag)) in _subscribed)
            {
                if (!wanted.TryGetValue(queue, out var current) || !ReferenceEquals(current, method))
                {
                    _subscribed.TryRemove(queue, out _);
                    await CancelAsync(tag).ConfigureAwait(false);
                }
            }
            foreach (var (queue, method) in wanted)
            {
                if (!_subscribed.ContainsKey(queue))
                {
                    await _channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false).ConfigureAwait(false);
                    var channel = _channel;
                    var consumer = new AsyncEventingBasicConsumer(channel);
                    // Calls carry the connection and channel they came on: one dispatched after its connection dropped is
                    // the broker's to redeliver, and each is acknowledged on its own channel.
                    var epoch = _cluster.Link.Epoch;
                    consumer.ReceivedAsync += (_, delivery) =>
                    {
                        if (!_cluster.Link.IsCurrent(epoch))
                        {
                            return Task.CompletedTask;
                        }
                        var copy = (delivery.DeliveryTag, delivery.Redelivered, delivery.BasicProperties.CorrelationId, delivery.BasicProperties.ReplyTo, Body: delivery.Body.ToArray(),
                            Trace: RabbitLink.TraceOf(delivery.BasicProperties));
                        Track(RunAsync(method, epoch, channel, copy.DeliveryTag, copy.Redelivered, copy.CorrelationId, copy.ReplyTo, copy.Body, copy.Trace));
                        return Task.CompletedTask;
                    };
                    var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer).ConfigureAwait(false);
                    _subscribed[queue] = (method, tag);
                }
            }
        }
        catch (Exception ex) when (RabbitLink.IsLinkFailure(ex) && !rethrow)
        {
            _log.LogWarning("Could not update the method subscriptions: {Error}", ex.Message);
        }
        finally
        {
            _reconciling.Release();
        }
    }

    /// <summary>
    /// Keeps <paramref name="call"/> in <see cref="_running"/> until it ends. Added before the removal is scheduled, so a
    /// call that has already ended (every await completed at once) is removed too, instead of staying for good.
    /// </summary>
    private void Track(Task call)
    {
        var id = Interlocked.Increment(ref _lastCall);
        _running[id] = call;
        _ = call.ContinueWith(_ => _running.TryRemove(id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(RpcMethod method, int epoch, IChannel channel, ulong deliveryTag, bool redelivered, string? correlationId, string? replyTo, byte[] body, string? traceparent)
    {
        using var activity = ActorRpcTracing.ContinueRemote("cluster method call", traceparent);
        ActorRpcMetrics.ClusterDeliveries.Add(1, new KeyValuePair<string, object?>("kind", "method"), new KeyValuePair<string, object?>("redelivered", redelivered),
            new KeyValuePair<string, object?>("node", _cluster.Settings.NodeName));
        try
        {
            var text = new CollectingOutput();
            MethodAnswer answer;
            if (redelivered)
            {
                answer = new MethodAnswer(CommandResultCode.LinkFailure, null,
                    [new TextPiece($"In call to {method.FullName}: the node running it stopped before answering; it may or may not have run.\n", TextColor.LightRed)]);
            }
            else if (method.ParseInput(body) is not { } input)
            {
                answer = new MethodAnswer(CommandResultCode.LinkFailure, null, [new TextPiece($"In call to {method.FullName}: the input does not decode.\n", TextColor.LightRed)]);
            }
            else
            {
                var result = await _router.CallLocalAsync(method, input, text).ConfigureAwait(false);
                answer = new MethodAnswer(result.Code, result.Output?.ToByteArray(), text.Pieces);
            }
            if (replyTo is not null && correlationId is not null)
            {
                await _cluster.Link.ReplyAsync(replyTo, correlationId, JsonSerializer.SerializeToUtf8Bytes(answer, ClusterJson.Options)).ConfigureAwait(false);
            }
            if (_cluster.Link.IsCurrent(epoch) && channel.IsOpen)
            {
                await channel.BasicAckAsync(deliveryTag, multiple: false).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (RabbitLink.IsLinkFailure(ex))
        {
            // The connection dropped: the broker redelivers the call, which is then refused (it may have run).
        }
    }

    private async Task CancelAsync(string tag)
    {
        try
        {
            await _channel.BasicCancelAsync(tag).ConfigureAwait(false);
        }
        catch (Exception ex) when (RabbitLink.IsLinkFailure(ex))
        {
            // Gone with the connection.
        }
    }

    /// <summary>Stops taking calls, then finishes every call already delivered here (so none is redelivered and refused).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, (_, tag)) in _subscribed)
        {
            await CancelAsync(tag).ConfigureAwait(false);
        }
        _subscribed.Clear();
        await Task.WhenAll(_running.Values).ConfigureAwait(false);
    }

    /// <summary>Collects a call's text for its reply.</summary>
    private sealed class CollectingOutput : ICommandOutput
    {
        public List<TextPiece> Pieces { get; } = [];

        public void Write(string text, TextColor color = TextColor.Default)
        {
            lock (Pieces)
            {
                Pieces.Add(new TextPiece(text, color));
            }
        }
    }
}
