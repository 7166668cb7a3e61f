using System.Collections.Immutable;
using System.Reflection;
using ActorRpc.Actors.Runtime;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.PluginSdk;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Plugins;

/// <summary>Loads the plugin named (its assembly <c>NAME.dll</c> or <c>NAME/NAME.dll</c> in the plugins directory).</summary>
internal sealed record LoadPlugin(string Name);

/// <summary>Unloads a loaded plugin, after the calls in flight have finished.</summary>
internal sealed record UnloadPlugin(string Name);

/// <summary>Unloads and loads a plugin again (from its assembly, or re-registers a built-in one).</summary>
internal sealed record ReloadPlugin(string Name);

/// <summary>The reply to load, unload and reload.</summary>
/// <param name="Code">The result code.</param>
/// <param name="Message">What happened, as one line.</param>
public sealed record PluginOperationResult(CommandResultCode Code, string Message);

/// <summary>
/// Owns the loaded plugins: registers built-in plugins and the assemblies of the plugins directory at start,
/// loads, unloads and reloads them at run time (one operation at a time), creates one <see cref="MethodActor"/>
/// per RPC method, and publishes every change in the <see cref="RoutingTable"/>.
/// </summary>
internal sealed class PluginHostActor : ReceiveActor
{
    /// <summary>How long an unload waits for calls in flight before going on anyway.</summary>
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Plugins compiled into the node.</summary>
    private readonly IReadOnlyList<IPlugin> _builtIns;

    /// <summary>The plugins directory, or null for none.</summary>
    private readonly string? _directory;

    /// <summary>Where loaded plugins are published.</summary>
    private readonly RoutingTableHolder _table;

    /// <summary>Concurrent calls per (non-serial) method.</summary>
    private readonly int _maxConcurrentCalls;

    /// <summary>Calls per method that may wait for a slot.</summary>
    private readonly int _maxQueuedCalls;

    /// <summary>The host's log.</summary>
    private readonly ILogger _log;

    /// <summary>Load contexts of loaded assemblies, by plugin name.</summary>
    private readonly Dictionary<string, PluginLoadContext> _contexts = new(StringComparer.Ordinal);

    /// <summary>Method actors by plugin name.</summary>
    private readonly Dictionary<string, List<IActorRef>> _methodActors = new(StringComparer.Ordinal);

    public PluginHostActor(IReadOnlyList<IPlugin> builtIns, string? directory, RoutingTableHolder table, int maxConcurrentCalls, int maxQueuedCalls, ILoggerFactory logs)
    {
        _maxQueuedCalls = maxQueuedCalls;
        _builtIns = builtIns;
        _directory = directory is null ? null : Path.GetFullPath(directory);
        _table = table;
        _maxConcurrentCalls = maxConcurrentCalls;
        _log = logs.CreateLogger("ActorRpc.Plugins");
        Receive<LoadPlugin>(load => Sender.Tell(Load(load.Name)));
        ReceiveAsync<UnloadPlugin>(async unload => Sender.Tell(await UnloadAsync(unload.Name)));
        ReceiveAsync<ReloadPlugin>(async reload => Sender.Tell(await ReloadAsync(reload.Name)));
    }

    protected override void PreStart()
    {
        foreach (var plugin in _builtIns)
        {
            Report(Register(plugin, null, null));
        }
        if (_directory is not null && Directory.Exists(_directory))
        {
            foreach (var assembly in FindAssemblies(_directory))
            {
                Report(LoadAssembly(assembly));
            }
        }
    }

    protected override void PostStop()
    {
        foreach (var context in _contexts.Values)
        {
            context.Unload();
        }
    }

    private void Report(PluginOperationResult result)
    {
        if (result.Code == CommandResultCode.Ok)
        {
            _log.LogInformation("{Message}", result.Message);
        }
        else
        {
            _log.LogError("{Message}", result.Message);
        }
    }

    private PluginOperationResult Load(string name)
    {
        if (_table.Current.Plugins.ContainsKey(name))
        {
            return new(CommandResultCode.Failure, $"Plugin {name} is already loaded.");
        }
        if (_builtIns.FirstOrDefault(p => p.Name == name) is { } builtIn)
        {
            return Register(builtIn, null, null);
        }
        var assembly = _directory is null ? null : FindAssembly(_directory, name);
        return assembly is null
            ? new(CommandResultCode.NotFound, $"No plugin named {Router.TextLimits.Quote(name, Router.TextLimits.Name)} in {_directory ?? "(no plugins directory)"}.")
            : LoadAssembly(assembly);
    }

    private async Task<PluginOperationResult> UnloadAsync(string name)
    {
        if (!_table.Current.Plugins.TryGetValue(name, out var plugin))
        {
            return new(CommandResultCode.NotFound, $"Plugin {name} is not loaded.");
        }
        // Unpublish first: new calls find nothing; calls in flight hold leases and finish.
        _table.Update(t => t.WithPlugins(t.Plugins.Remove(name)));
        var drained = plugin.CloseAsync();
        if (await Task.WhenAny(drained, Task.Delay(s_drainTimeout)) != drained)
        {
            _log.LogWarning("Plugin {Plugin} still had calls in flight after {Timeout}; unloading anyway", name, s_drainTimeout);
        }
        if (_methodActors.Remove(name, out var actors))
        {
            // Stopped before returning, so a reload can create actors under the same names.
            await Task.WhenAll(actors.Select(StopMethodActorAsync));
        }
        if (_contexts.Remove(name, out var context))
        {
            context.Unload();
        }
        return new(CommandResultCode.Ok, $"Plugin {name} unloaded.");
    }

    /// <summary>Stops one method actor and waits for it (its calls run off the actor and hold their own leases), at most 10 s.</summary>
    private async Task StopMethodActorAsync(IActorRef actor)
    {
        try
        {
            await actor.GracefulStop(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TaskCanceledException or AskTimeoutException)
        {
            _log.LogWarning("Method actor {Actor} did not stop within 10 s", actor.Path);
        }
    }

    private async Task<PluginOperationResult> ReloadAsync(string name)
    {
        if (!_table.Current.Plugins.TryGetValue(name, out var plugin))
        {
            return new(CommandResultCode.NotFound, $"Plugin {name} is not loaded.");
        }
        var unloaded = await UnloadAsync(name);
        if (unloaded.Code != CommandResultCode.Ok)
        {
            return unloaded;
        }
        var loaded = plugin.AssemblyPath is { } path ? LoadAssembly(path) : Register(plugin.Instance, null, null);
        return loaded.Code == CommandResultCode.Ok ? new(CommandResultCode.Ok, $"Plugin {name} reloaded.") : loaded;
    }

    private PluginOperationResult LoadAssembly(string path)
    {
        var context = new PluginLoadContext(path);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            var types = assembly.GetTypes().Where(t => typeof(IPlugin).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null).ToList();
            if (types.Count != 1)
            {
                context.Unload();
                return new(CommandResultCode.Failure, $"Plugin assembly {Path.GetFileName(path)} must contain exactly one public IPlugin class with a parameterless constructor; it has {types.Count}.");
            }
            var plugin = (IPlugin)Activator.CreateInstance(types[0])!;
            return Register(plugin, path, context);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or ReflectionTypeLoadException or TargetInvocationException or MissingMethodException)
        {
            context.Unload();
            return new(CommandResultCode.Failure, $"Plugin assembly {Path.GetFileName(path)} failed to load: {ex.Message}");
        }
    }

    /// <summary>Runs the plugin's registration and publishes it; any conflict refuses the whole plugin.</summary>
    private PluginOperationResult Register(IPlugin plugin, string? path, PluginLoadContext? context)
    {
        string name;
        PluginRegistration registration;
        try
        {
            name = plugin.Name;
            registration = new PluginRegistration(name);
            plugin.Register(registration);
        }
        catch (Exception ex)
        {
            context?.Unload();
            return new(CommandResultCode.Failure, $"Plugin {SafeName(plugin)} failed to register: {ex.Message}");
        }
        var current = _table.Current;
        var conflict = current.Plugins.ContainsKey(name)
            ? $"a plugin named {name} is already loaded"
            : registration.Commands.Keys.FirstOrDefault(c => BuiltInCommands.IsBuiltIn(c) || current.Commands.ContainsKey(c)) is { } clash
                ? $"command '{clash}' is already taken"
                : null;
        if (conflict is not null)
        {
            context?.Unload();
            return new(CommandResultCode.Failure, $"Plugin {name} was not loaded: {conflict}.");
        }
        var loaded = new LoadedPlugin(plugin, path, registration);
        var actors = new List<IActorRef>();
        foreach (var method in loaded.Methods.Values)
        {
            method.Actor = Context.ActorOf(
                ActorProps.Of(() => new MethodActor(method, _maxConcurrentCalls, _maxQueuedCalls, _log)),
                Uri.EscapeDataString($"{name}::{method.Name}"));
            actors.Add(method.Actor);
        }
        _methodActors[name] = actors;
        if (context is not null)
        {
            _contexts[name] = context;
        }
        _table.Update(t => t.WithPlugins(t.Plugins.SetItem(name, loaded)));
        return new(CommandResultCode.Ok, $"Plugin {name} {loaded.Version} loaded{(path is null ? " (built-in)" : $" from {path}")}: {loaded.Commands.Count} commands, {loaded.Methods.Count} RPC methods, {loaded.ScriptFunctions.Count} script functions, {loaded.Behaviors.Count} bot behaviours.");
    }

    private static string SafeName(IPlugin plugin)
    {
        try
        {
            return plugin.Name;
        }
        catch (Exception)
        {
            return plugin.GetType().Name;
        }
    }

    private static IEnumerable<string> FindAssemblies(string directory) =>
        Directory.EnumerateFiles(directory, "*.dll")
            .Concat(Directory.EnumerateDirectories(directory).Select(d => Path.Combine(d, Path.GetFileName(d) + ".dll")).Where(File.Exists))
            .Order(StringComparer.Ordinal);

    private static string? FindAssembly(string directory, string name)
    {
        if (name.IndexOfAny(['/', '\\']) >= 0 || name.StartsWith('.'))
        {
            return null;
        }
        return new[] { Path.Combine(directory, name + ".dll"), Path.Combine(directory, name, name + ".dll") }.FirstOrDefault(File.Exists);
    }
}
