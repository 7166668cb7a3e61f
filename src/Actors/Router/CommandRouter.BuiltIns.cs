using System.Runtime.CompilerServices;
using System.Globalization;
using System.Reflection;
using ActorRpc.Actors.Bots;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Actors.Plugins;
using ActorRpc.PluginSdk;

namespace ActorRpc.Actors.Router;

public sealed partial class CommandRouter
{
    /// <summary>The version <c>version</c> reports.</summary>
    public static string Version { get; } =
        typeof(CommandRouter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The most unknown bot names one reply lists.</summary>
    private const int MaxUnknownReported = 100;

    private Task<CommandResultCode> RunBuiltInAsync(CommandLine line, ICommandOutput output, CancellationToken cancellationToken)
    {
        switch (line.Name.ToLowerInvariant())
        {
            case "help":
                return Task.FromResult(Help(output));
            case "version":
                output.Write(Prefix(NodeName, $"ActorRpc V{Version}"));
                return Task.FromResult(CommandResultCode.Ok);
            case "status":
                return StatusAsync(line, output, cancellationToken);
            case "start":
                return LifecycleAsync(line, output, new BotRequest(BotOperation.Start), cancellationToken);
            case "stop":
                return LifecycleAsync(line, output, new BotRequest(BotOperation.Stop), cancellationToken);
            case "resume":
                return LifecycleAsync(line, output, new BotRequest(BotOperation.Resume), cancellationToken);
            case "pause":
                return PauseAsync(line, output, cancellationToken);
            case "nodes":
                return Task.FromResult(Nodes(output));
            case "plug":
                return Task.FromResult(Plug(output));
            case "load":
                return PluginOperationAsync(line, output, name => new LoadPlugin(name), cancellationToken);
            case "unload":
                return PluginOperationAsync(line, output, name => new UnloadPlugin(name), cancellationToken);
            case "reload":
                return PluginOperationAsync(line, output, name => new ReloadPlugin(name), cancellationToken);
            case "restart":
                return RestartAsync(output, cancellationToken);
            case "exit":
                return Task.FromResult(Exit(output));
            default:
                throw new InvalidOperationException($"Built-in command {line.Name} has no implementation.");
        }
    }

    private CommandResultCode Help(ICommandOutput output)
    {
        var lines = new List<string> { "Commands:" };
        lines.AddRange(BuiltInCommands.All.Select(c => $"  {c.Usage} - {c.Help}"));
        foreach (var command in _table.Current.Commands.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
        {
            lines.Add($"  {command.Name} - {command.Help} [{command.Plugin.Name}]");
        }
        lines.Add("Bots: a name, a comma-separated list, ASF or @ALL for all, A..B for a range, r!REGEX for a pattern.");
        output.Write(Prefix(NodeName, string.Join('\n', lines)));
        return CommandResultCode.Ok;
    }

    private async Task<CommandResultCode> StatusAsync(CommandLine line, ICommandOutput output, CancellationToken cancellationToken)
    {
        var selector = line.Arguments.Count > 0 ? line.Arguments[0] : "ASF";
        var query = await GetBotsAsync(selector, cancellationToken).ConfigureAwait(false);
        // A list that selects nothing without naming an unknown bot (ASF on an empty node) still gets its summary.
        if (ReportSelectionProblems(query.Error, query.Unknown, query.Unknown.Count > 0 ? query.Bots.Count : 1, output) is { } failed)
        {
            return failed;
        }
        foreach (var bot in query.Bots)
        {
            output.Write(Prefix(bot.Name, bot.StatusText));
        }
        var running = query.Bots.Count(b => b.State is BotState.Running or BotState.Paused);
        output.Write(Prefix(NodeName, $"There are {running}/{query.Bots.Count} bots running"));
        return CommandResultCode.Ok;
    }

    private Task<CommandResultCode> PauseAsync(CommandLine line, ICommandOutput output, CancellationToken cancellationToken)
    {
        TimeSpan? resumeAfter = null;
        if (line.Arguments.Count > 1)
        {
            if (!uint.TryParse(line.Arguments[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                output.Write(Prefix(NodeName, $"'{TextLimits.Quote(line.Arguments[1], TextLimits.Name)}' is not a number of seconds. Usage: pause <Bots> [Seconds]"));
                return Task.FromResult(CommandResultCode.WrongUsage);
            }
            resumeAfter = TimeSpan.FromSeconds(seconds);
        }
        return LifecycleAsync(line, output, new BotRequest(BotOperation.Pause, resumeAfter), cancellationToken);
    }

    /// <summary>Sends one lifecycle request to each selected bot (concurrently) and writes the replies in name order.</summary>
    private async Task<CommandResultCode> LifecycleAsync(CommandLine line, ICommandOutput output, BotRequest request, CancellationToken cancellationToken)
    {
        if (line.Arguments.Count == 0)
        {
            var usage = BuiltInCommands.Find(line.Name)!.Usage;
            output.Write(Prefix(NodeName, $"Usage: {usage}"));
            return CommandResultCode.WrongUsage;
        }
        var selection = SelectBots(line.Arguments[0]);
        if (ReportSelectionProblems(selection.Error, selection.Unknown, selection.Names.Count, output) is { } failed)
        {
            return failed;
        }
        var replies = await Task.WhenAll(selection.Names.Select(async name => await _namespace.AskAsync(name, request, cancellationToken).ConfigureAwait(false) as BotReply)).ConfigureAwait(false);
        var code = CommandResultCode.Ok;
        var outcomes = new BotOutcome[replies.Length];
        for (var i = 0; i < replies.Length; i++)
        {
            var reply = replies[i] ?? new BotReply(CommandResultCode.NotFound, "That bot was removed meanwhile.");
            outcomes[i] = new BotOutcome(selection.Names[i], reply);
            output.Write(Prefix(selection.Names[i], reply.Text), reply.Code == CommandResultCode.Ok ? TextColor.Default : TextColor.LightRed);
            if (reply.Code != CommandResultCode.Ok)
            {
                code = reply.Code;
            }
        }
        if (output is RecordingOutput recording)
        {
            recording.Bots = outcomes;
        }
        return code;
    }

    /// <summary>Writes why a bot list selected nothing usable; null when there is something to work on.</summary>
    private CommandResultCode? ReportSelectionProblems(string? error, IReadOnlyList<string> unknown, int selected, ICommandOutput output)
    {
        if (error is not null)
        {
            output.Write(Prefix(NodeName, error), TextColor.LightRed);
            return CommandResultCode.WrongUsage;
        }
        // A list of a million unknown names gets a hundred lines, not a million.
        foreach (var name in unknown.Take(MaxUnknownReported))
        {
            output.Write(Prefix(NodeName, $"Couldn't find any bot named {TextLimits.Quote(name, TextLimits.Name)}!"), TextColor.LightRed);
        }
        if (unknown.Count > MaxUnknownReported)
        {
            output.Write(Prefix(NodeName, $"… and {unknown.Count - MaxUnknownReported} more names that match no bot."), TextColor.LightRed);
        }
        return selected == 0 ? CommandResultCode.NotFound : null;
    }

    private CommandResultCode Nodes(ICommandOutput output)
    {
        var members = Members;
        var lines = new List<string> { members.Count == 1 ? "1 node:" : $"{members.Count} nodes:" };
        foreach (var member in members)
        {
            var shards = member.Shards.Count > 0 ? $"{member.Shards.Count} shards, " : string.Empty;
            var bots = member.Bots.Count == 0 ? "no bots" : $"{member.Bots.Count} bots: {string.Join(", ", member.Bots)}";
            lines.Add($"{member.NodeName}{(member.Self ? " (this node)" : string.Empty)} V{member.Version}: {shards}{bots}");
        }
        output.Write(Prefix(NodeName, string.Join('\n', lines)));
        return CommandResultCode.Ok;
    }

    private CommandResultCode Plug(ICommandOutput output)
    {
        var plugins = _table.Current.Plugins.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var lines = new List<string> { $"{plugins.Count} plugins loaded:" };
        foreach (var plugin in plugins)
        {
            lines.Add($"{plugin.Name} {plugin.Version}{(plugin.IsBuiltIn ? " (built-in)" : string.Empty)}");
            if (plugin.Commands.Count > 0)
            {
                lines.Add("  commands: " + string.Join(", ", plugin.Commands.Keys.Order(StringComparer.OrdinalIgnoreCase)));
            }
            foreach (var method in plugin.Methods.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                lines.Add($"  method {method.FullName}: {method.Input.FullName} -> {method.Output.FullName}{(method.Serial ? " (serial)" : string.Empty)}");
            }
            foreach (var (module, function) in plugin.ScriptFunctions.Keys.OrderBy(k => k.Module, StringComparer.Ordinal).ThenBy(k => k.Function, StringComparer.Ordinal))
            {
                lines.Add($"  script {module}.{function}");
            }
            foreach (var behavior in plugin.Behaviors)
            {
                lines.Add($"  bot behaviour {behavior.Name} every {behavior.Interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
            }
        }
        output.Write(Prefix(NodeName, string.Join('\n', lines)));
        return CommandResultCode.Ok;
    }

    private async Task<CommandResultCode> PluginOperationAsync(CommandLine line, ICommandOutput output, Func<string, object> request, CancellationToken cancellationToken)
    {
        if (line.Arguments.Count != 1)
        {
            output.Write(Prefix(NodeName, $"Usage: {line.Name.ToLowerInvariant()} <Plugin>"));
            return CommandResultCode.WrongUsage;
        }
        var result = await _plugins.Ask<PluginOperationResult>(request(line.Arguments[0]), _options.ActorTimeout + TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        output.Write(Prefix(NodeName, result.Message), result.Code == CommandResultCode.Ok ? TextColor.Default : TextColor.LightRed);
        return result.Code;
    }

    private async Task<CommandResultCode> RestartAsync(ICommandOutput output, CancellationToken cancellationToken)
    {
        var code = CommandResultCode.Ok;
        foreach (var plugin in _table.Current.Plugins.Keys.Order(StringComparer.Ordinal).ToList())
        {
            var result = await _plugins.Ask<PluginOperationResult>(new ReloadPlugin(plugin), _options.ActorTimeout + TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            if (result.Code != CommandResultCode.Ok)
            {
                output.Write(Prefix(NodeName, result.Message), TextColor.LightRed);
                code = result.Code;
            }
        }
        await _bots.Ask<BotReply>(ReloadBots.Instance, _options.ActorTimeout, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _restartedAt, new StrongBox<DateTimeOffset>(DateTimeOffset.UtcNow));
        output.Write(Prefix(NodeName, "Done! Plugins reloaded and bots restarted from their configuration."));
        return code;
    }

    private CommandResultCode Exit(ICommandOutput output)
    {
        if (_lifetime is null)
        {
            output.Write(Prefix(NodeName, "This node cannot be stopped from a command."), TextColor.LightRed);
            return CommandResultCode.Failure;
        }
        output.Write(Prefix(NodeName, "Done! Shutting down."));
        _lifetime.RequestExit();
        return CommandResultCode.Ok;
    }
}
