using ActorRpc.Messages.Dfproto;
using ActorRpc.Protocol;

namespace ActorRpc.Client;

public sealed partial class RemoteClient
{
    /// <summary>The fixed id of RunCommand (never bound).</summary>
    public const int RunCommandId = 1;

    /// <summary>
    /// Runs a console command (RunCommand, id 1): its output streams to <see cref="TextReceived"/> while it
    /// runs; the result's code is the command's.
    /// </summary>
    /// <exception cref="RemoteConnectionException">The connection was lost before the answer came.</exception>
    public Task<RemoteResult<EmptyMessage>> RunCommandAsync(string command, params string[] arguments) =>
        RunCommandAsync(command, arguments, onText: null, CancellationToken.None);

    /// <summary>Runs a console command (RunCommand, id 1), its output streaming to <paramref name="onText"/> (null: <see cref="TextReceived"/>).</summary>
    /// <exception cref="RemoteConnectionException">The connection was lost before the answer came.</exception>
    public Task<RemoteResult<EmptyMessage>> RunCommandAsync(string command, IEnumerable<string> arguments, Action<string, TextColor>? onText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(arguments);
        var request = new CoreRunCommandRequest { Command = command };
        request.Arguments.AddRange(arguments);
        return CallAsync<CoreRunCommandRequest, EmptyMessage>(RunCommandId, request, onText, cancellationToken);
    }

    /// <summary>
    /// Calls script function <paramref name="function"/> of <paramref name="module"/> (RunLua, bound once per
    /// connection) and returns the strings it returned.
    /// </summary>
    /// <exception cref="RemoteCallException">Binding RunLua failed.</exception>
    /// <exception cref="RemoteConnectionException">The connection was lost before the answer came.</exception>
    public Task<RemoteResult<IReadOnlyList<string>>> RunLuaAsync(string module, string function, params string[] arguments) =>
        RunLuaAsync(module, function, arguments, onText: null, CancellationToken.None);

    /// <summary>As <see cref="RunLuaAsync(string,string,string[])"/>, with the call's text going to <paramref name="onText"/> (null: <see cref="TextReceived"/>).</summary>
    /// <exception cref="RemoteCallException">Binding RunLua failed.</exception>
    /// <exception cref="RemoteConnectionException">The connection was lost before the answer came.</exception>
    public async Task<RemoteResult<IReadOnlyList<string>>> RunLuaAsync(string module, string function, IEnumerable<string> arguments, Action<string, TextColor>? onText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(arguments);
        var id = await BindCoreAsync("RunLua", CoreRunLuaRequest.Descriptor.FullName, StringListMessage.Descriptor.FullName, cancellationToken).ConfigureAwait(false);
        var request = new CoreRunLuaRequest { Module = module, Function = function };
        request.Arguments.AddRange(arguments);
        var result = await CallAsync<CoreRunLuaRequest, StringListMessage>(id, request, onText, cancellationToken).ConfigureAwait(false);
        return result.Select<IReadOnlyList<string>>(values => [.. values.Value]);
    }

    /// <summary>The server's version string (GetVersion).</summary>
    /// <exception cref="RemoteCallException">The call or its bind failed.</exception>
    public Task<string> GetVersionAsync(CancellationToken cancellationToken = default) =>
        CallCoreAsync<EmptyMessage, StringMessage, string>("GetVersion", new EmptyMessage(), reply => reply.Value, cancellationToken);

    /// <summary>The hosted world's version string (GetDFVersion; an ActorRpc node names its protocol).</summary>
    /// <exception cref="RemoteCallException">The call or its bind failed.</exception>
    public Task<string> GetDFVersionAsync(CancellationToken cancellationToken = default) =>
        CallCoreAsync<EmptyMessage, StringMessage, string>("GetDFVersion", new EmptyMessage(), reply => reply.Value, cancellationToken);

    /// <summary>Takes one more level of suspension for this connection (CoreSuspend); returns the new depth.</summary>
    /// <exception cref="RemoteCallException">The call or its bind failed.</exception>
    public Task<int> SuspendAsync(CancellationToken cancellationToken = default) =>
        CallCoreAsync<EmptyMessage, IntMessage, int>("CoreSuspend", new EmptyMessage(), reply => reply.Value, cancellationToken);

    /// <summary>Releases one level of suspension (CoreResume); returns the new depth.</summary>
    /// <exception cref="RemoteCallException">The call or its bind failed; <see cref="CommandResultCode.WrongUsage"/> when not suspended.</exception>
    public Task<int> ResumeAsync(CancellationToken cancellationToken = default) =>
        CallCoreAsync<EmptyMessage, IntMessage, int>("CoreResume", new EmptyMessage(), reply => reply.Value, cancellationToken);

    /// <summary>Binds a core method (once per connection) and calls it, throwing on failure.</summary>
    private async Task<TResult> CallCoreAsync<TIn, TOut, TResult>(string method, TIn input, Func<TOut, TResult> select, CancellationToken cancellationToken)
        where TIn : Google.Protobuf.IMessage<TIn>, new()
        where TOut : class, Google.Protobuf.IMessage<TOut>, new()
    {
        var id = await BindCoreAsync(method, new TIn().Descriptor.FullName, new TOut().Descriptor.FullName, cancellationToken).ConfigureAwait(false);
        var output = await CallOrThrowAsync<TIn, TOut>(id, input, onText: null, cancellationToken).ConfigureAwait(false);
        return select(output);
    }

    /// <summary>
    /// The id of core method <paramref name="method"/>. Ids other than 0 and 1 are the server's choice (DFHack
    /// assigns them in bind order), so they are bound, once, and shared by every caller.
    /// </summary>
    private Task<int> BindCoreAsync(string method, string inputType, string outputType, CancellationToken cancellationToken)
    {
        Task<int> bind;
        lock (_gate)
        {
            if (!_coreIds.TryGetValue(method, out bind!) || bind.IsFaulted || bind.IsCanceled)
            {
                // Not tied to one caller's token: others may be waiting for the same bind.
                bind = BindAsync(method, inputType, outputType, plugin: null, CancellationToken.None);
                _coreIds[method] = bind;
            }
        }
        return bind.WaitAsync(cancellationToken);
    }
}
