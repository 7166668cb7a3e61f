using System.Diagnostics;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Actors.Plugins;
using ActorRpc.Actors.Router;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp;

internal sealed partial class ConnectionActor
{
    /// <summary>What GetVersion answers (built once).</summary>
    private static readonly string s_version = $"ActorRpc {CommandRouter.Version}";

    /// <summary>The connection's method table: index = method id.</summary>
    private readonly List<Binding> _methods;

    /// <summary>The id each bound plugin method got: binding it again answers the same id (as DFHack does), so rebinding never grows the table.</summary>
    private readonly Dictionary<(string Plugin, string Method), int> _boundIds = [];

    /// <summary>CoreSuspend depth of this connection.</summary>
    private int _suspendDepth;

    /// <summary>A method id's target: a core method, or a bound plugin method.</summary>
    private sealed record Binding(CoreMethod? Core, RpcMethod? Plugin)
    {
        public string Name => Core?.Name ?? Plugin!.Name;
    }

    private void OnFrame(FrameReceived frame)
    {
        if (frame.Id < 0 || frame.Id >= _methods.Count)
        {
            var call = Enqueue($"#{frame.Id}");
            Fail(call, CommandResultCode.Failure, $"RPC call of invalid id {frame.Id}\n");
            return;
        }
        var binding = _methods[frame.Id];
        var pending = Enqueue(binding.Name);
        if (binding.Plugin is { } method)
        {
            CallPluginMethod(pending, method, frame.Body);
            return;
        }
        var core = binding.Core!;
        if (core.LocalOnly && !_trusted.Contains(_peer))
        {
            Fail(pending, CommandResultCode.Failure, $"In call to {core.Name}: forbidden host: {_peer}\n");
            return;
        }
        switch (core.Id)
        {
            case 0 when TryDecode(pending, CoreBindRequest.Parser, frame.Body, out var bind):
                Bind(pending, bind);
                break;
            case 1 when TryDecode(pending, CoreRunCommandRequest.Parser, frame.Body, out var command):
                RunCommand(pending, command);
                break;
            case 2 when TryDecodeEmpty(pending, frame.Body):
                _router.Suspensions.SetDepth(_session, ++_suspendDepth);
                Succeed(pending, new IntMessage { Value = _suspendDepth });
                break;
            case 3 when TryDecodeEmpty(pending, frame.Body):
                if (_suspendDepth <= 0)
                {
                    Complete(pending, CommandResultCode.WrongUsage, null);
                    break;
                }
                _router.Suspensions.SetDepth(_session, --_suspendDepth);
                Succeed(pending, new IntMessage { Value = _suspendDepth });
                break;
            case 4 when TryDecode(pending, CoreRunLuaRequest.Parser, frame.Body, out var lua):
                RunLua(pending, lua);
                break;
            case 5 when TryDecodeEmpty(pending, frame.Body):
                Succeed(pending, new StringMessage { Value = s_version });
                break;
            case 6 when TryDecodeEmpty(pending, frame.Body):
                Succeed(pending, new StringMessage { Value = RpcProtocol.WorldVersion });
                break;
        }
    }

    /// <summary>Parses a core method's input (the same rule as plugin methods); on failure the call has already been failed.</summary>
    private bool TryDecode<T>(PendingCall call, MessageParser<T> parser, byte[] body, out T request)
        where T : IMessage<T>
    {
        if (RpcMethod.TryParse(parser, body) is T parsed)
        {
            request = parsed;
            return true;
        }
        FailDecode(call);
        request = default!;
        return false;
    }

    /// <summary>An <c>EmptyMessage</c> input: the usual empty body needs no parsing (GetVersion is the hot case).</summary>
    private bool TryDecodeEmpty(PendingCall call, byte[] body) =>
        body.Length == 0 || TryDecode<EmptyMessage>(call, EmptyMessage.Parser, body, out _);

    private void FailDecode(PendingCall call) =>
        Fail(call, CommandResultCode.Failure, $"In call to {call.Name}: could not decode input args.\n");

    private void Bind(PendingCall call, CoreBindRequest request)
    {
        var plugin = request.HasPlugin ? request.Plugin : string.Empty;
        if (plugin.Length == 0 && RpcProtocol.CoreMethods.FirstOrDefault(m => m.Name == request.Method) is { } core)
        {
            if (core.InputType == request.InputMsg && core.OutputType == request.OutputMsg)
            {
                Succeed(call, new CoreBindReply { AssignedId = core.Id });
            }
            else
            {
                Fail(call, CommandResultCode.Failure, $"Requested wrong signature for RPC method: ::{request.Method}\n");
            }
            return;
        }
        var bound = _router.Bind(plugin, request.Method, request.InputMsg, request.OutputMsg);
        if (bound.Method is null)
        {
            Fail(call, CommandResultCode.Failure, bound.ErrorText!);
            return;
        }
        var key = (plugin, request.Method);
        if (_boundIds.TryGetValue(key, out var id))
        {
            // The current method (after a reload, the new plugin's): the old one, and its load context, are let go.
            _methods[id] = new Binding(null, bound.Method);
            Succeed(call, new CoreBindReply { AssignedId = id });
            return;
        }
        if (_methods.Count > short.MaxValue)
        {
            Fail(call, CommandResultCode.Failure, $"Too many RPC methods bound on this connection ({_methods.Count}); cannot bind {plugin}::{request.Method}\n");
            return;
        }
        _methods.Add(new Binding(null, bound.Method));
        _boundIds.Add(key, _methods.Count - 1);
        Succeed(call, new CoreBindReply { AssignedId = _methods.Count - 1 });
    }

    private void RunCommand(PendingCall call, CoreRunCommandRequest request)
    {
        if (!_router.CommandsAllowed)
        {
            Fail(call, CommandResultCode.Failure, "Command access is prohibited: this node has no owner (set owner-id, e.g. --owner-id 1).\n");
            return;
        }
        var output = new CallOutput(Self, call.Sequence);
        var arguments = request.Arguments.ToArray();
        var session = _session;
        Run(call, async token =>
        {
            var result = await _router.RunCommandAsync(request.Command, arguments, output, session, token).ConfigureAwait(false);
            return (result.Code, result.Code == CommandResultCode.Ok ? new EmptyMessage() : null);
        });
    }

    private void RunLua(PendingCall call, CoreRunLuaRequest request)
    {
        var output = new CallOutput(Self, call.Sequence);
        var arguments = request.Arguments.ToArray();
        Run(call, async token =>
        {
            var result = await _router.RunScriptAsync(request.Module, request.Function, arguments, output, token).ConfigureAwait(false);
            if (result.Code != CommandResultCode.Ok)
            {
                return (result.Code, null);
            }
            var reply = new StringListMessage();
            reply.Value.AddRange(result.Values);
            return (CommandResultCode.Ok, reply);
        });
    }

    private void CallPluginMethod(PendingCall call, RpcMethod method, byte[] body)
    {
        var input = method.ParseInput(body);
        if (input is null)
        {
            FailDecode(call);
            return;
        }
        var output = new CallOutput(Self, call.Sequence);
        Run(call, async token =>
        {
            var result = await _router.CallAsync(method, input, output, token).ConfigureAwait(false);
            return (result.Code, result.Output);
        });
    }

    /// <summary>
    /// Starts a call on the actor's turn, under its own trace: everything up to the call's first await (its message to
    /// the bot or method actor, its place at the suspension gate) happens before the next request is looked at, so a
    /// connection's calls reach each target in the order the client sent them. From its first await on the call runs
    /// off the turn, concurrently with later ones; its completion comes back as <see cref="CallDone"/>.
    /// </summary>
    private void Run(PendingCall call, Func<CancellationToken, Task<(CommandResultCode Code, IMessage? Output)>> work)
    {
        var outer = Activity.Current;
        var activity = ActorRpcTracing.StartRequest(call.Name);
        activity.SetTag("net.peer.ip", _peer.ToString());
        _ = RunAsync(Self, call.Sequence, activity, work, _closing.Token);
        // The call's flow keeps its activity; the actor's own flow gets its previous one back.
        ActorRpcTracing.MakeCurrent(outer);
    }

    private static async Task RunAsync(IActorRef self, long sequence, Activity activity,
        Func<CancellationToken, Task<(CommandResultCode Code, IMessage? Output)>> work, CancellationToken token)
    {
        using var _ = activity;
        CallDone done;
        try
        {
            var (code, output) = await work(token).ConfigureAwait(false);
            done = new CallDone(sequence, code, output);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            done = new CallDone(sequence, CommandResultCode.LinkFailure, null);
        }
        catch (Exception ex)
        {
            self.Tell(new CallText(sequence, TextLimits.Quote(ex.Message) + "\n", TextColor.LightRed), null);
            done = new CallDone(sequence, CommandResultCode.Failure, null);
        }
        activity.SetTag("code", ActorRpcMetrics.CodeTag(done.Code));
        self.Tell(done, null);
    }
}
