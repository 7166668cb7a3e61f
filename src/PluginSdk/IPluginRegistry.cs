using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.PluginSdk;

/// <summary>What a plugin can add to the node.</summary>
public interface IPluginRegistry
{
    /// <summary>A console command, run by <c>RunCommand</c> (TCP) or <c>/Api/Command</c> (HTTP).</summary>
    /// <param name="name">The command word (case-insensitive); must not clash with a built-in or another plugin's command.</param>
    /// <param name="help">One line shown by <c>help</c>.</param>
    /// <param name="handler">Runs the command.</param>
    void AddCommand(string name, string help, CommandHandler handler);

    /// <summary>A typed RPC method, bound by clients as <c>plugin::name</c> with the exact protobuf type names of its input and output.</summary>
    /// <param name="name">The method name.</param>
    /// <param name="handler">Runs a call.</param>
    /// <param name="serial">True to run one call at a time; otherwise calls from different sessions run concurrently (bounded).</param>
    void AddMethod<TIn, TOut>(string name, MethodHandler<TIn, TOut> handler, bool serial = false)
        where TIn : IMessage<TIn>, new()
        where TOut : IMessage<TOut>, new();

    /// <summary>A script function, called by the TCP protocol's <c>RunLua</c> (module names must be <c>rpc.*</c>, <c>*.rpc</c> or <c>*-rpc</c> to be callable).</summary>
    void AddScriptFunction(string module, string function, ScriptFunction handler);

    /// <summary>Something every Running bot does every <paramref name="interval"/>; its latest report shows in <c>status</c>.</summary>
    void AddBotBehavior(string name, TimeSpan interval, BotBehavior behavior);
}

/// <summary>Runs a command.</summary>
public delegate Task<CommandResultCode> CommandHandler(CommandContext context);

/// <summary>Runs one call of a typed method.</summary>
public delegate Task<MethodResult<TOut>> MethodHandler<TIn, TOut>(TIn input, CallContext context)
    where TIn : IMessage<TIn>
    where TOut : IMessage<TOut>;

/// <summary>Runs a script function: string arguments in, strings out.</summary>
public delegate Task<ScriptResult> ScriptFunction(IReadOnlyList<string> arguments, CallContext context);

/// <summary>One step of a bot behaviour; returns the report to show in <c>status</c> (null: keep the previous one).</summary>
public delegate Task<string?> BotBehavior(BotContext bot, CancellationToken cancellationToken);
