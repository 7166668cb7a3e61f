using System.Runtime.CompilerServices;
using System.Diagnostics;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Actors.Runtime;
using ActorRpc.Protocol;
using Akka.Actor;
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

    /// <summary>The bots commands can name, and where requests to them go (this node's actors, or the cluster).</summary>
    private IBotNamespace _namespace;

    /// <summary>Where method calls go when a cluster spreads them; null on a lone node.</summary>
    private IRemoteMethods? _remoteMethods;

    /// <summary>The cluster's members; null on a lone node.</summary>
    private IClusterView? _cluster;

    /// <summary>Commands run through this router since it started (<see cref="CommandsRun"/>).</summary>
    private long _commandsRun;

    internal CommandRouter(RoutingTableHolder table, IActorRef bots, IActorRef plugins, CoreOptions options, INodeLifetime? lifetime, ILogger log, Task ready, LocalBots local)
    {
        Local = local;
        _namespace = local;
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

    /// <summary>This node's own bot actors (in a cluster: the bots it hosts now).</summary>
    public LocalBots Local { get; }

    /// <summary>The bot namespace commands resolve against (<see cref="Local"/> on a lone node).</summary>
    public IBotNamespace Bots => _namespace;

    /// <inheritdoc />
    public IReadOnlyList<ClusterMember> Members => _cluster?.Members ??
        [new ClusterMember(NodeName, Version, _startedAt, Self: true, Local.Names, [], [.. _table.Current.Plugins.Keys.Order(StringComparer.Ordinal)], CommandsRun)];

    /// <inheritdoc />
    public string? ClusterUnavailable => _cluster?.Unavailable;

    /// <inheritdoc />
    public long CommandsRun => Interlocked.Read(ref _commandsRun);

    /// <inheritdoc />
    public DateTimeOffset? RestartedAt => Volatile.Read(ref _restartedAt) is { } at ? at.Value : null;

    /// <summary>Set by <c>restart</c> (<see cref="RestartedAt"/>), boxed so it is read and written whole.</summary>
    private StrongBox<DateTimeOffset>? _restartedAt;

    /// <summary>When this router started (a lone node's member entry).</summary>
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    /// <summary>
    /// Makes this router a cluster member's: bot requests go through <paramref name="bots"/>, method calls through
    /// <paramref name="methods"/>, and <see cref="Members"/> comes from <paramref name="view"/>. Called once, before
    /// the gateways serve anyone.
    /// </summary>
    public void AttachCluster(IBotNamespace bots, IRemoteMethods methods, IClusterView view)
    {
        ArgumentNullException.ThrowIfNull(bots);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(view);
        _remoteMethods = methods;
        _cluster = view;
        Volatile.Write(ref _namespace, bots);
    }

    /// <inheritdoc />
    public string NodeName => _options.NodeName;

    /// <inheritdoc />
    public bool CommandsAllowed => _options.OwnerId != 0;

    /// <inheritdoc />
    public RoutingTable Table => _table.Current;

    /// <summary>Raised after every routing-table update (plugins loaded or unloaded, bots added or removed), with the new table.</summary>
    public event Action<RoutingTable>? TableChanged
    {
        add => _table.Changed += value;
        remove => _table.Changed -= value;
    }

    /// <inheritdoc />
    public SuspensionGate Suspensions { get; } = new();

    /// <inheritdoc />
    public Task<CommandResult> RunCommandLineAsync(string commandLine, ICommandOutput output, CancellationToken cancellationToken = default) =>
        RunAsync(CommandLine.Parse(commandLine), output, SuspensionGate.Anonymous, cancellationToken);

    /// <inheritdoc />
    public Task<CommandResult> RunCommandAsync(string command, IReadOnlyList<string> arguments, ICommandOutput output, long session = SuspensionGate.Anonymous,
        CancellationToken cancellationToken = default) =>
        RunAsync(CommandLine.From(command, arguments), output, session, cancellationToken);

    private async Task<CommandResult> RunAsync(CommandLine? line, ICommandOutput output, long session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        Interlocked.Increment(ref _commandsRun);
        MarkAccepted();
        // Taken before the first await: a session's commands reach the gate, and their targets, in the order it sent them.
        var builtIn = line is null ? null : BuiltInCommands.Find(line.Name);
        var admitted = Suspensions.AdmitAsync(session, builtIn is { Changes: true }, cancellationToken);
        if (line is null)
        {
            return new CommandResult(CommandResultCode.NotImplemented, string.Empty);
        }
        var recording = new RecordingOutput(output);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        CommandResultCode code;
        try
        {
            code = await (admitted.IsCompleted
                ? DispatchAsync(line, builtIn, recording, cancellationToken)
                : DispatchAfterWaitAsync(admitted, session, line, builtIn, recording, cancellationToken)).ConfigureAwait(false);
        }
        catch (AskTimeoutException ex)
        {
            recording.Write(Prefix(NodeName, ex.Message), TextColor.LightRed);
            code = CommandResultCode.LinkFailure;
        }
        catch (BotUnavailableException ex)
        {
            recording.Write(Prefix(ex.Bot, ex.Message), TextColor.LightRed);
            code = CommandResultCode.LinkFailure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            code = CommandResultCode.Failure;
        }
        if (ActorRpcMetrics.Commands.Enabled || ActorRpcMetrics.CommandDuration.Enabled)
        {
            Record(ActorRpcMetrics.Commands, ActorRpcMetrics.CommandDuration, "command", CommandTag(line.Name, builtIn), code, started);
        }
        return new CommandResult(code, recording.Close(), recording.Bots);
    }

    /// <summary>Dispatches a command the suspension gate held, then lets the session's next command through.</summary>
    private async Task<CommandResultCode> DispatchAfterWaitAsync(Task admitted, long session, CommandLine line, BuiltInCommand? builtIn, ICommandOutput output,
        CancellationToken cancellationToken)
    {
        await admitted.ConfigureAwait(false);
        Task<CommandResultCode> dispatched;
        try
        {
            dispatched = DispatchAsync(line, builtIn, output, cancellationToken);
        }
        finally
        {
            Suspensions.Started(session);
        }
        return await dispatched.ConfigureAwait(false);
    }

    /// <summary>
    /// In a cluster, stamps the request's acceptance (<see cref="RequestClock"/>): its cluster deadline counts from now in
    /// wall-clock time, whatever pauses the process later. A lone node waits on nothing remote and skips it.
    /// </summary>
    private void MarkAccepted()
    {
        if (_cluster is not null)
        {
            RequestClock.Accept(DateTimeOffset.UtcNow);
        }
    }

    /// <summary>The command tag: known words only, so a client typing nonsense cannot grow the metric without bound.</summary>
    private string CommandTag(string name, BuiltInCommand? builtIn) =>
        builtIn?.Name ?? (_table.Current.Commands.ContainsKey(name) ? name.ToLowerInvariant() : "unrecognized");

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

    private Task<CommandResultCode> DispatchAsync(CommandLine line, BuiltInCommand? builtIn, ICommandOutput output, CancellationToken cancellationToken)
    {
        if (builtIn is not null)
        {
            return RunBuiltInAsync(line, output, cancellationToken);
        }
        if (_table.Current.Commands.TryGetValue(line.Name, out var command))
        {
            return RunPluginCommandAsync(command, line, output, cancellationToken);
        }
        output.Write($"{TextLimits.Quote(line.Name, TextLimits.Name)} is not a recognized command.\n", TextColor.LightRed);
        return Task.FromResult(CommandResultCode.NotImplemented);
    }

    private async Task<CommandResultCode> RunPluginCommandAsync(PluginCommand command, CommandLine line, ICommandOutput output, CancellationToken cancellationToken)
    {
        if (!command.Plugin.TryAcquire())
        {
            output.Write($"{TextLimits.Quote(line.Name, TextLimits.Name)} is not a recognized command.\n", TextColor.LightRed);
            return CommandResultCode.NotImplemented;
        }
        try
        {
            return await command.Handler(new CommandContext(line.Arguments, output, cancellationToken, NodeName)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _log.LogWarning("Command {Command} of plugin {Plugin} failed: {Error}", command.Name, command.Plugin.Name, TextLimits.Describe(ex));
            output.Write(TextLimits.Quote(ex.Message) + "\n", TextColor.LightRed);
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
        var notFound = $"RPC method not found: {TextLimits.Quote(plugin, TextLimits.Name)}::{TextLimits.Quote(method, TextLimits.Name)}\n";
        var table = _table.Current;
        if (!table.Plugins.TryGetValue(plugin, out var loaded))
        {
            return new BindResult(null, string.IsNullOrEmpty(plugin) ? notFound : $"No such plugin: {TextLimits.Quote(plugin, TextLimits.Name)}\n{notFound}");
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
        MarkAccepted();
        // In a cluster the call goes to whichever node that exports the method takes it.
        if (_remoteMethods?.TryCall(method, input, output, cancellationToken) is not { } remote)
        {
            return await CallLocalAsync(method, input, output, cancellationToken).ConfigureAwait(false);
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = new MethodCallResult(CommandResultCode.LinkFailure, null);
        try
        {
            result = await remote.ConfigureAwait(false);
            return result;
        }
        finally
        {
            Record(ActorRpcMetrics.RpcCalls, ActorRpcMetrics.RpcCallDuration, "rpc.method", method.FullName, result.Code, started);
        }
    }

    /// <summary>Calls a bound method on this node's own method actor (a cluster runs the calls it takes with this).</summary>
    public async Task<MethodCallResult> CallLocalAsync(RpcMethod method, IMessage input, ICommandOutput output, CancellationToken cancellationToken = default)
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
            result = await method.Actor.Ask<MethodCallResult>(TracedMessage.Wrap(new MethodCall(input, output, cancellationToken)), _options.ActorTimeout, cancellationToken).ConfigureAwait(false);
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
                    output.Write(TextLimits.Quote(ex.Message) + "\n", TextColor.LightRed);
                    return new ScriptResult(CommandResultCode.Failure, []);
                }
                finally
                {
                    plugin.Release();
                }
            }
        }
        output.Write($"No such function: {TextLimits.Quote(module, TextLimits.Name)}.{TextLimits.Quote(function, TextLimits.Name)}\n", TextColor.LightRed);
        return new ScriptResult(CommandResultCode.NotFound, []);
    }

    /// <inheritdoc />
    public async Task<BotQueryResult> GetBotsAsync(string selector, CancellationToken cancellationToken = default)
    {
        var selection = SelectBots(selector);
        if (selection.Names.Count == 1)
        {
            // The common one-bot query: no fan-out machinery.
            var single = await _namespace.AskAsync(selection.Names[0], BotRequest.Status, cancellationToken).ConfigureAwait(false) as BotSnapshot;
            return new BotQueryResult(single is null ? [] : [single], selection.Unknown, selection.Error);
        }
        var snapshots = await Task.WhenAll(selection.Names.Select(name => _namespace.AskAsync(name, BotRequest.Status, cancellationToken))).ConfigureAwait(false);
        return new BotQueryResult(snapshots.OfType<BotSnapshot>().ToList(), selection.Unknown, selection.Error);
    }

    /// <inheritdoc />
    public Task<BotReply> SaveBotAsync(string name, BotConfig config, CancellationToken cancellationToken = default) =>
        _namespace.SaveAsync(name, config, cancellationToken);

    /// <inheritdoc />
    public Task<BotReply> DeleteBotAsync(string name, CancellationToken cancellationToken = default) =>
        _namespace.DeleteAsync(name, cancellationToken);

    /// <summary>Resolves a bot list against the namespace.</summary>
    private BotSelection SelectBots(string selector) =>
        BotSelector.Resolve(selector, _namespace.Contains, () => _namespace.Names, _options.RegexTimeout);

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
