using ActorRpc.PluginSdk;

namespace ActorRpc.Actors.Plugins;

/// <summary>
/// A plugin as loaded: what it registered, and a lease count so that unloading waits for the commands,
/// calls and script functions in flight before the plugin's code goes away.
/// </summary>
public sealed class LoadedPlugin
{
    /// <summary>Calls in flight.</summary>
    private int _leases;

    /// <summary>Set once unloading starts: no new leases.</summary>
    private volatile bool _closing;

    /// <summary>Completed when closing and the last lease is released.</summary>
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal LoadedPlugin(IPlugin plugin, string? assemblyPath, PluginRegistration registration)
    {
        Instance = plugin;
        Name = plugin.Name;
        Version = plugin.Version;
        AssemblyPath = assemblyPath;
        Commands = registration.Commands;
        Methods = registration.Methods;
        ScriptFunctions = registration.ScriptFunctions;
        Behaviors = registration.Behaviors;
        foreach (var command in Commands.Values)
        {
            command.Plugin = this;
        }
    }

    /// <summary>The plugin's name.</summary>
    public string Name { get; }

    /// <summary>The plugin's version.</summary>
    public string Version { get; }

    /// <summary>The assembly it came from; null for a built-in plugin.</summary>
    public string? AssemblyPath { get; }

    /// <summary>True for plugins compiled into the node.</summary>
    public bool IsBuiltIn => AssemblyPath is null;

    /// <summary>The plugin object.</summary>
    public IPlugin Instance { get; }

    /// <summary>Its commands by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, PluginCommand> Commands { get; }

    /// <summary>Its RPC methods by name.</summary>
    public IReadOnlyDictionary<string, RpcMethod> Methods { get; }

    /// <summary>Its script functions by (module, function).</summary>
    public IReadOnlyDictionary<(string Module, string Function), ScriptFunction> ScriptFunctions { get; }

    /// <summary>Its bot behaviours.</summary>
    public IReadOnlyList<PluginBehavior> Behaviors { get; }

    /// <summary>Takes a lease for one call; false once the plugin is unloading.</summary>
    public bool TryAcquire()
    {
        Interlocked.Increment(ref _leases);
        if (_closing)
        {
            Release();
            return false;
        }
        return true;
    }

    /// <summary>Returns a lease.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0 && _closing)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Refuses new calls and completes once the calls in flight have finished.</summary>
    internal Task CloseAsync()
    {
        _closing = true;
        if (Volatile.Read(ref _leases) == 0)
        {
            _drained.TrySetResult();
        }
        return _drained.Task;
    }
}

/// <summary>A plugin's command.</summary>
/// <param name="Name">The command word.</param>
/// <param name="Help">One line of help.</param>
/// <param name="Handler">Runs it.</param>
public sealed record PluginCommand(string Name, string Help, CommandHandler Handler)
{
    /// <summary>The plugin that registered it.</summary>
    public LoadedPlugin Plugin { get; internal set; } = null!;
}

/// <summary>A plugin's bot behaviour.</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Name">The behaviour's name, shown in <c>status</c>.</param>
/// <param name="Interval">How often a Running bot performs it.</param>
/// <param name="Behavior">One step.</param>
public sealed record PluginBehavior(string Plugin, string Name, TimeSpan Interval, BotBehavior Behavior);
