using ActorRpc.Actors.Runtime;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.PluginSdk;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Plugins;

/// <summary>Asks a method actor to run one call; the reply is a <see cref="MethodCallResult"/>.</summary>
internal sealed record MethodCall(IMessage Input, ICommandOutput Output, CancellationToken CancellationToken);

/// <summary>The outcome of a method call: the result code and, on success, the output message.</summary>
/// <param name="Code">The result code.</param>
/// <param name="Output">The output message (for <see cref="CommandResultCode.Ok"/>).</param>
public sealed record MethodCallResult(CommandResultCode Code, IMessage? Output);

/// <summary>
/// One per plugin method. Runs calls concurrently up to a bound (one at a time for a serial method), queues
/// the rest in arrival order, and turns a throwing handler into CR_FAILURE with the exception's message as
/// error text: the handler's failure is the call's, never the node's.
/// </summary>
internal sealed class MethodActor : ReceiveActor
{
    /// <summary>The method this actor runs.</summary>
    private readonly RpcMethod _method;

    /// <summary>Calls allowed at once.</summary>
    private readonly int _maxConcurrent;

    /// <summary>Calls allowed to wait for a slot; past it a call is refused as overloaded.</summary>
    private readonly int _maxQueued;

    /// <summary>Calls waiting for a free slot, with who to answer.</summary>
    private readonly Queue<(MethodCall Call, IActorRef ReplyTo)> _waiting = new();

    /// <summary>For handler failures.</summary>
    private readonly ILogger _log;

    /// <summary>Calls running now.</summary>
    private int _running;

    public MethodActor(RpcMethod method, int maxConcurrent, int maxQueued, ILogger log)
    {
        _method = method;
        _maxConcurrent = method.Serial ? 1 : Math.Max(1, maxConcurrent);
        _maxQueued = maxQueued;
        _log = log;
        Receive<MethodCall>(call =>
        {
            if (_running < _maxConcurrent)
            {
                Start(call, Sender);
            }
            else if (_waiting.Count < _maxQueued)
            {
                _waiting.Enqueue((call, Sender));
            }
            else
            {
                call.Output.Write($"In call to {_method.Name}: overloaded ({_waiting.Count} calls waiting); try again later.\n", TextColor.LightRed);
                Sender.Tell(new MethodCallResult(CommandResultCode.LinkFailure, null));
            }
        });
        Receive<CallFinished>(_ =>
        {
            _running--;
            while (_running < _maxConcurrent && _waiting.TryDequeue(out var next))
            {
                Start(next.Call, next.ReplyTo);
            }
        });
    }

    /// <summary>A call sent with its request's trace runs under it (the handler's log lines carry the trace id).</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        using var trace = TracedMessage.Enter(ref message);
        return base.AroundReceive(receive, message);
    }

    private void Start(MethodCall call, IActorRef replyTo)
    {
        _running++;
        // Off the actor's turn: a handler that computes before its first await must not hold up the next call.
        var self = Self;
        _ = Task.Run(() => RunAsync(call, replyTo, self));
    }

    /// <summary>Runs off the actor's turn, so calls overlap; reports completion as a message to <paramref name="self"/> (Akka's <c>Self</c> is only readable on the actor's turn).</summary>
    private async Task RunAsync(MethodCall call, IActorRef replyTo, IActorRef self)
    {
        MethodCallResult result;
        try
        {
            var (code, output) = await _method.InvokeAsync(call.Input, new CallContext(call.Output, call.CancellationToken)).ConfigureAwait(false);
            result = new MethodCallResult(code, code == CommandResultCode.Ok ? output ?? EmptyOutput() : null);
        }
        catch (Exception ex)
        {
            _log.LogWarning("RPC method {Method} failed: {Error}", _method.FullName, Router.TextLimits.Describe(ex));
            call.Output.Write(Router.TextLimits.Quote(ex.Message) + "\n", TextColor.LightRed);
            result = new MethodCallResult(CommandResultCode.Failure, null);
        }
        replyTo.Tell(result, self);
        self.Tell(CallFinished.Instance, self);
    }

    /// <summary>A handler that says OK but returns nothing answers with an empty message of its output type.</summary>
    private IMessage EmptyOutput() => _method.Output.Parser.ParseFrom(ReadOnlySpan<byte>.Empty);

    private sealed class CallFinished
    {
        public static readonly CallFinished Instance = new();
    }
}
