using ActorRpc.PluginSdk;
using Google.Protobuf;

namespace ActorRpc.Actors.Plugins;

/// <summary>Collects what a plugin registers during <see cref="IPlugin.Register"/>, refusing duplicates.</summary>
internal sealed class PluginRegistration(string plugin) : IPluginRegistry
{
    public Dictionary<string, PluginCommand> Commands { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, RpcMethod> Methods { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Module, string Function), ScriptFunction> ScriptFunctions { get; } = [];

    public List<PluginBehavior> Behaviors { get; } = [];

    public void AddCommand(string name, string help, CommandHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        if (!Commands.TryAdd(name, new PluginCommand(name, help ?? string.Empty, handler)))
        {
            throw new InvalidOperationException($"Plugin {plugin} registers command '{name}' twice.");
        }
    }

    public void AddMethod<TIn, TOut>(string name, MethodHandler<TIn, TOut> handler, bool serial = false)
        where TIn : IMessage<TIn>, new()
        where TOut : IMessage<TOut>, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        var method = new RpcMethod(plugin, name, new TIn().Descriptor, new TOut().Descriptor, serial, async (input, context) =>
        {
            var result = await handler((TIn)input, context).ConfigureAwait(false);
            return (result.Code, result.Output);
        });
        if (!Methods.TryAdd(name, method))
        {
            throw new InvalidOperationException($"Plugin {plugin} registers method '{name}' twice.");
        }
    }

    public void AddScriptFunction(string module, string function, ScriptFunction handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        ArgumentNullException.ThrowIfNull(handler);
        if (!ScriptFunctions.TryAdd((module, function), handler))
        {
            throw new InvalidOperationException($"Plugin {plugin} registers script function {module}.{function} twice.");
        }
    }

    public void AddBotBehavior(string name, TimeSpan interval, BotBehavior behavior)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(behavior);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Behaviors.Add(new PluginBehavior(plugin, name, interval, behavior));
    }
}
