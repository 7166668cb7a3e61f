using System.Diagnostics;
using System.Runtime.CompilerServices;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Actors.Kernel;
using ActorRpc.Actors.Plugins;
using ActorRpc.PluginSdk;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Router;

/// <summary>
/// The router: resolves targets against the <see cref="RoutingTable"/> snapshot and talks to the bot and
/// method actors directly, on the caller's task. It holds no lock and no per-call state, so any number of
/// sessions use it at once; each bot still processes its own commands one at a time.
/// Split by concern: <c>.BuiltIns</c> has the built-in commands.
/// </summary>
public sealed partial class CommandRouter : ICommandRouter
{
    /// <summary>The bots and plugins.</summary>
    private readonly RoutingTableHolder _table;

    /// <summary>The parent of the bots.</summary>
    private readonly IActorRef _bots;

    /// <summary>The plugin host.</summary>
    private readonly IActorRef _plugins;

    /// <summary>The settings.</summary>
    private readonly CoreOptions _options;

    /// <summary>Lets <c>exit</c> stop the node; null where there is no process to stop (tests).</summary>
    private readonly INodeLifetime? _lifetime;

    /// <summary>The router's log.</summary>
    private readonly ILogger _log;

    /// <summary>Commands in flight per bot actor: the admission count that keeps a flooded bot's queue bounded.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IActorRef, StrongBox<int>> _botLoad = new();

    internal CommandRouter(RoutingTableHolder table, IActorRef bots, IActorRef plugins, CoreOptions options, INodeLifetime? lifetime, ILogger log, Task ready)
    {
        WhenReady = ready;
        _table = table;
        _bots = bots;
        _plugins = plugins;
        _options = options;
        _lifetime = lifetime;
        _log = log;
    }

    /// <inheritdoc />
    public Task WhenReady { get; }

    /// <inheritdoc />
    public string NodeName => _options.NodeName;

    /// <inheritdoc />
    public bool CommandsAllowed => _options.OwnerId != 0;

    /// <inheritdoc />
    public RoutingTable Table => _table.Current;

    /// <inheritdoc />
    public Task<CommandResult> RunCommandLineAsync(string commandLine, ICommandOutput output, CancellationToken cancellationToken = default) =>
        RunAsync(CommandLine.Parse(commandLine), output, cancellationToken);

    /// <inheritdoc />
    public Task<CommandResult> RunCommandAsync(string command, IReadOnlyList<string> arguments, ICommandOutput output, CancellationToken cancellationToken = default) =>
        RunAsync(CommandLine.From(command, arguments), output, cancellationToken);

    private async Task<CommandResult> RunAsync(CommandLine? line, ICommandOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (line is null)
        {
            return new CommandResult(CommandResultCode.NotImplemented, string.Empty);
        }
        var recording = new RecordingOutput(output);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        CommandResultCode code;
        try
        {
            code = await DispatchAsync(line, recording, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException ex)
        {
            recording.Write(Prefix(NodeName, ex.Message), TextColor.LightRed);
            code = CommandResultCode.LinkFailure;
        }
        catch (BotOverloadedException ex)
        {
            recording.Write(Prefix(ex.Bot, "overloaded: too many commands waiting; try again later."), TextColor.LightRed);
            code = CommandResultCode.LinkFailure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            code = CommandResultCode.Failure;
        }
        if (ActorRpcMetrics.Commands.Enabled || ActorRpcMetrics.CommandDuration.Enabled)
        {
            Record(ActorRpcMetrics.Commands, ActorRpcMetrics.CommandDuration, "command", CommandTag(line.Name), code, started);
        }
        return new CommandResult(code, recording.Close());
    }

    /// <summary>The command tag: known words only, so a client typing nonsense cannot grow the metric without bound.</summary>
    private string CommandTag(string name) =>
        BuiltInCommands.IsBuiltIn(name) || _table.Current.Commands.ContainsKey(name) ? name.ToLowerInvariant() : "unrecognized";

    private static void Record(System.Diagnostics.Metrics.Counter<long> count, System.Diagnostics.Metrics.Histogram<double> duration, string key, string value, CommandResultCode code, long started)
    {
        // Nobody listening (no exporter, no dotnet-trace): skip building tags on the hot path.
        if (!count.Enabled && !duration.Enabled)
        {
            return;
        }
        var tags = new TagList { { key, value }, { "code", ActorRpcMetrics.CodeTag(code) } };
        count.Add(1, tags);
        duration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    private Task<CommandResultCode> DispatchAsync(CommandLine line, ICommandOutput output, CancellationToken cancellationToken)
    {
        if (BuiltInCommands.IsBuiltIn(line.Name))
        {
            return RunBuiltInAsync(line, output, cancellationToken);
        }
        if (_table.Current.Commands.TryGetValue(line.Name, out var command))
        {
            return RunPluginCommandAsync(command, line, output, cancellationToken);
        }
        output.Write($"{line.Name} is not a recognized command.\n", TextColor.LightRed);
        return Task.FromResult(CommandResultCode.NotImplemented);
    }

    private async Task<CommandResultCode> RunPluginCommandAsync(PluginCommand command, CommandLine line, ICommandOutput output, CancellationToken cancellationToken)
    {
        if (!command.Plugin.TryAcquire())
        {
            output.Write($"{line.Name} is not a recognized command.\n", TextColor.LightRed);
            return CommandResultCode.NotImplemented;
        }
        try
        {
            return await command.Handler(new CommandContext(line.Arguments, output, cancellationToken, NodeName)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _log.LogWarning(ex, "Command {Command} of plugin {Plugin} failed", command.Name, command.Plugin.Name);
            output.Write(ex.Message + "\n", TextColor.LightRed);
            return CommandResultCode.Failure;
        }
        finally
        {
            command.Plugin.Release();
        }
    }

    /// <inheritdoc />
    public BindResult Bind(string plugin, string method, string inputType, string outputType)
    {
        var notFound = $"RPC method not found: {plugin}::{method}\n";
        var table = _table.Current;
        if (!table.Plugins.TryGetValue(plugin, out var loaded))
        {
            return new BindResult(null, string.IsNullOrEmpty(plugin) ? notFound : $"No such plugin: {plugin}\n{notFound}");
        }
        if (loaded.Methods.Count == 0)
        {
            return new BindResult(null, $"Plugin {plugin} doesn't export any RPC methods.\n{notFound}");
        }
        if (!loaded.Methods.TryGetValue(method, out var found))
        {
            return new BindResult(null, notFound);
        }
        return found.Input.FullName == inputType && found.Output.FullName == outputType
            ? new BindResult(found, null)
            : new BindResult(null, $"Requested wrong signature for RPC method: {plugin}::{method}\n");
    }

    /// <inheritdoc />
    public async Task<MethodCallResult> CallAsync(RpcMethod method, IMessage input, ICommandOutput output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        // The method's plugin must still be the loaded one: a bound id outlives an unload.
        if (!_table.Current.Plugins.TryGetValue(method.Plugin, out var plugin) || !plugin.Methods.TryGetValue(method.Name, out var current) ||
            !ReferenceEquals(current, method) || !plugin.TryAcquire())
        {
            output.Write($"RPC method not found: {method.FullName}\n", TextColor.LightRed);
            return new MethodCallResult(CommandResultCode.NotFound, null);
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = new MethodCallResult(CommandResultCode.LinkFailure, null);
        try
        {
            result = await method.Actor.Ask<MethodCallResult>(new MethodCall(input, output, cancellationToken), _options.ActorTimeout, cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (AskTimeoutException)
        {
            output.Write($"In call to {method.FullName}: no answer within {_options.ActorTimeout.TotalSeconds:0} s.\n", TextColor.LightRed);
            return result;
        }
        finally
        {
            plugin.Release();
            Record(ActorRpcMetrics.RpcCalls, ActorRpcMetrics.RpcCallDuration, "rpc.method", method.FullName, result.Code, started);
        }
    }

    /// <inheritdoc />
    public async Task<ScriptResult> RunScriptAsync(string module, string function, IReadOnlyList<string> arguments, ICommandOutput output, CancellationToken cancellationToken = default)
    {
        if (!(module.StartsWith("rpc.", StringComparison.Ordinal) || module.EndsWith(".rpc", StringComparison.Ordinal) || module.EndsWith("-rpc", StringComparison.Ordinal)))
        {
            output.Write("Only modules named rpc.* or *.rpc or *-rpc may be called.\n", TextColor.LightRed);
            return new ScriptResult(CommandResultCode.WrongUsage, []);
        }
        foreach (var plugin in _table.Current.Plugins.Values)
        {
            if (plugin.ScriptFunctions.TryGetValue((module, function), out var handler) && plugin.TryAcquire())
            {
                try
                {
                    return await handler(arguments, new CallContext(output, cancellationToken)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    output.Write(ex.Message + "\n", TextColor.LightRed);
                    return new ScriptResult(CommandResultCode.Failure, []);
                }
                finally
                {
                    plugin.Release();
                }
            }
        }
        output.Write($"No such function: {module}.{function}\n", TextColor.LightRed);
        return new ScriptResult(CommandResultCode.NotFound, []);
    }

    /// <inheritdoc />
    public async Task<BotQueryResult> GetBotsAsync(string selector, CancellationToken cancellationToken = default)
    {
        var table = _table.Current;
        var selection = table.SelectBots(selector, _options.RegexTimeout);
        if (selection.Names.Count == 1)
        {
            // The common one-bot query: no fan-out machinery.
            var single = await AskBot<BotSnapshot>(table, selection.Names[0], GetBotStatus.Instance, cancellationToken).ConfigureAwait(false);
            return new BotQueryResult(single is null ? [] : [single], selection.Unknown, selection.Error);
        }
        var snapshots = await Task.WhenAll(selection.Names.Select(name => AskBot<BotSnapshot>(table, name, GetBotStatus.Instance, cancellationToken))).ConfigureAwait(false);
        return new BotQueryResult(snapshots.OfType<BotSnapshot>().ToList(), selection.Unknown, selection.Error);
    }

    /// <inheritdoc />
    public Task<BotReply> SaveBotAsync(string name, BotConfig config, CancellationToken cancellationToken = default) =>
        _bots.Ask<BotReply>(new SaveBotConfig(name, config), _options.ActorTimeout, cancellationToken);

    /// <inheritdoc />
    public Task<BotReply> DeleteBotAsync(string name, CancellationToken cancellationToken = default) =>
        _bots.Ask<BotReply>(new DeleteBot(name), _options.ActorTimeout, cancellationToken);

    /// <summary>Asks bot <paramref name="name"/>; null when it went away in the meantime.</summary>
    /// <exception cref="BotOverloadedException">The bot already has its maximum of commands waiting.</exception>
    private async Task<T?> AskBot<T>(RoutingTable table, string name, object message, CancellationToken cancellationToken)
        where T : class
    {
        if (!table.Bots.TryGetValue(name, out var bot))
        {
            return null;
        }
        var load = _botLoad.GetValue(bot, static _ => new StrongBox<int>());
        if (Interlocked.Increment(ref load.Value) > _options.MaxQueuedCommandsPerBot)
        {
            Interlocked.Decrement(ref load.Value);
            throw new BotOverloadedException(name);
        }
        try
        {
            return await bot.Ask<T>(message, _options.ActorTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException) when (!_table.Current.Bots.ContainsKey(name))
        {
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref load.Value);
        }
    }

    /// <summary><paramref name="text"/> as reply lines, each prefixed with <c>&lt;name&gt; </c>.</summary>
    private static string Prefix(string name, string text)
    {
        var trimmed = text.AsSpan().TrimEnd('\n');
        // Most replies are one line: no split, one string.
        return trimmed.IndexOf('\n') < 0
            ? $"<{name}> {trimmed}\n"
            : string.Concat(trimmed.ToString().Split('\n').Select(line => $"<{name}> {line}\n"));
    }
}

/// <summary>A bot already has its maximum of commands waiting.</summary>
internal sealed class BotOverloadedException(string bot) : Exception($"Bot {bot} is overloaded.")
{
    public string Bot { get; } = bot;
}
