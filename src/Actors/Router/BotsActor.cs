using System.Collections.Immutable;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Runtime;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Actors.Plugins;
using ActorRpc.PluginSdk;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Router;

/// <summary>A bot file was created, changed or deleted (from the directory watcher).</summary>
internal sealed record BotFileChanged(string Name);

/// <summary>Creates or replaces a bot's configuration (written atomically, then applied). Reply: <see cref="BotReply"/>.</summary>
internal sealed record SaveBotConfig(string Name, BotConfig Config);

/// <summary>Deletes a bot and its file. Reply: <see cref="BotReply"/>.</summary>
internal sealed record DeleteBot(string Name);

/// <summary>Stops every bot and reads the bots directory again (the <c>restart</c> command). Reply: <see cref="BotReply"/>.</summary>
internal sealed record ReloadBots
{
    public static readonly ReloadBots Instance = new();
}

/// <summary>Places a bot on this node with a configuration and, when given, a lifecycle state (cluster placement). Reply: <see cref="BotReply"/>.</summary>
internal sealed record HostBot(string Name, BotConfig Config, BotState? State);

/// <summary>Stops and removes a bot placed with <see cref="HostBot"/>. Reply: <see cref="BotReply"/>.</summary>
internal sealed record UnhostBot(string Name);

/// <summary>
/// The parent of every <see cref="BotActor"/> (<c>/user/router/bot-NAME</c>): mirrors the bots directory
/// into bots, watches it for changes, writes configurations for the gateways, and publishes the bots in
/// the <see cref="RoutingTable"/>. A broken file makes that bot Failed; it never stops the others.
/// In a cluster there is no directory: the cluster places bots here with <see cref="HostBot"/> and <see cref="UnhostBot"/>.
/// </summary>
internal sealed class BotsActor : ReceiveActor
{
    /// <summary>The bots directory; null when the cluster places the bots.</summary>
    private readonly BotsDirectory? _directory;

    /// <summary>Where bots are published.</summary>
    private readonly RoutingTableHolder _table;

    /// <summary>Logs for this actor and the bots.</summary>
    private readonly ILogger _log;

    /// <summary>The configuration last applied per bot (null: the file is broken), to skip repeated watcher events.</summary>
    private readonly Dictionary<string, BotConfig?> _applied = new(StringComparer.Ordinal);

    public BotsActor(BotsDirectory? directory, RoutingTableHolder table, ILoggerFactory logs)
    {
        _directory = directory;
        _table = table;
        _log = logs.CreateLogger("ActorRpc.Bots");
        Receive<BotFileChanged>(changed => Refresh(changed.Name, startEnabled: true));
        Receive<SaveBotConfig>(save => Sender.Tell(Save(save.Name, save.Config)));
        Receive<DeleteBot>(delete => Sender.Tell(Delete(delete.Name)));
        Receive<ReloadBots>(_ => Sender.Tell(ReloadAll()));
        Receive<HostBot>(host => Sender.Tell(Host(host)));
        Receive<UnhostBot>(unhost => Sender.Tell(Unhost(unhost.Name)));
        // Replies to the lifecycle commands this actor sends itself (enabled bots starting).
        Receive<BotReply>(_ => { });
        Receive<BehaviorsPublished>(OnBehaviorsPublished);
    }

    /// <summary>A request sent with its trace is handled under it, and what this actor tells bots for it carries it on.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        using var trace = TracedMessage.Enter(ref message);
        return base.AroundReceive(receive, message);
    }

    protected override void PreStart()
    {
        _self = Self;
        _lastBehaviors = _table.Current.Behaviors;
        // Watch first: a file written while the directory is being read is seen again afterwards (and applying twice is harmless).
        var self = Self;
        if (_directory is not null)
        {
            _directory.Watch(name => self.Tell(new BotFileChanged(name), ActorRefs.NoSender), _log);
            LoadAll();
        }
        _table.Changed += OnTableChanged;
    }

    protected override void PostStop()
    {
        _table.Changed -= OnTableChanged;
        _directory?.Dispose();
    }

    /// <summary>The bots directory (the messages that need one are sent only to a node that has one).</summary>
    private BotsDirectory Files => _directory ?? throw new InvalidOperationException("This node's bots are placed by the cluster; it has no bots directory.");

    private BotReply Host(HostBot host)
    {
        if (!_table.Current.Bots.TryGetValue(host.Name, out var bot))
        {
            bot = CreateBot(host.Name);
            _table.Update(t => t with { Bots = t.Bots.SetItem(host.Name, bot) });
            _log.LogInformation("Bot {Bot} placed on this node", host.Name);
        }
        _applied[host.Name] = host.Config;
        bot.Tell(TracedMessage.Wrap(new ApplyBotConfig(host.Config, null)), Self);
        switch (host.State)
        {
            case BotState.Running:
                bot.Tell(TracedMessage.Wrap(StartBot.Instance), Self);
                break;
            case BotState.Paused:
                bot.Tell(TracedMessage.Wrap(StartBot.Instance), Self);
                bot.Tell(TracedMessage.Wrap(new PauseBot(null)), Self);
                break;
            case BotState.Stopped:
                bot.Tell(TracedMessage.Wrap(StopBot.Instance), Self);
                break;
        }
        return new(CommandResultCode.Ok, "Done!");
    }

    private BotReply Unhost(string name)
    {
        if (_table.Current.Bots.TryGetValue(name, out var bot))
        {
            RemoveBot(name, bot);
        }
        return new(CommandResultCode.Ok, "Done!");
    }

    /// <summary>Called on the updating thread: hand the news to this actor's own turn.</summary>
    private void OnTableChanged(RoutingTable table) => _self.Tell(new BehaviorsPublished(table.Behaviors), ActorRefs.NoSender);

    /// <summary>Bots follow plugin loads and unloads (their behaviours change).</summary>
    private void OnBehaviorsPublished(BehaviorsPublished published)
    {
        if (published.Behaviors.Equals(_lastBehaviors))
        {
            return;
        }
        _lastBehaviors = published.Behaviors;
        foreach (var bot in _table.Current.Bots.Values)
        {
            bot.Tell(RefreshBehaviors.Instance, Self);
        }
    }

    /// <summary>The behaviour list bots were last told about.</summary>
    private ImmutableArray<PluginBehavior> _lastBehaviors = [];

    /// <summary>This actor, for callbacks from other threads.</summary>
    private IActorRef _self = ActorRefs.Nobody;

    /// <summary>The routing table was updated; <see cref="Behaviors"/> is its behaviour list.</summary>
    private sealed record BehaviorsPublished(ImmutableArray<PluginBehavior> Behaviors);

    private void LoadAll()
    {
        var names = Files.Scan();
        var created = ImmutableSortedDictionary.CreateBuilder<string, IActorRef>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var (config, error) = ReadFile(name);
            var bot = CreateBot(name);
            created[name] = bot;
            Apply(bot, name, config, error, startEnabled: true);
        }
        _table.Update(t => t with { Bots = t.Bots.AddRange(created) });
        _log.LogInformation("Loaded {Count} bots from {Directory}", names.Count, Files.Path);
    }

    private void Refresh(string name, bool startEnabled)
    {
        var (config, error) = ReadFile(name);
        var exists = _table.Current.Bots.TryGetValue(name, out var bot);
        if (config is null && error is null)
        {
            if (exists)
            {
                RemoveBot(name, bot!);
            }
            return;
        }
        // A bot's first usable configuration starts it when enabled, also when the file was first seen half-written.
        var firstUsable = !_applied.TryGetValue(name, out var previous) || previous is null;
        if (!exists)
        {
            bot = CreateBot(name);
            _table.Update(t => t with { Bots = t.Bots.SetItem(name, bot) });
            _log.LogInformation("Bot {Bot} added", name);
        }
        else if (error is null && Equals(previous, config))
        {
            return;
        }
        Apply(bot!, name, config, error, startEnabled && firstUsable);
    }

    private void Apply(IActorRef bot, string name, BotConfig? config, string? error, bool startEnabled)
    {
        _applied[name] = config;
        bot.Tell(TracedMessage.Wrap(new ApplyBotConfig(config, error)), Self);
        if (error is not null)
        {
            _log.LogError("Bot {Bot}: configuration file {File} is broken: {Error}", name, Files.FileOf(name), error);
        }
        else if (startEnabled && config!.Enabled)
        {
            bot.Tell(TracedMessage.Wrap(StartBot.Instance), Self);
        }
    }

    private (BotConfig? Config, string? Error) ReadFile(string name)
    {
        try
        {
            return (Files.Read(name), null);
        }
        catch (BotConfigException ex)
        {
            return (null, ex.Message);
        }
    }

    private IActorRef CreateBot(string name)
    {
        var props = ActorProps.Of(() => new BotActor(name, _table, _log));
        var actorName = "bot-" + Uri.EscapeDataString(name);
        // A bot deleted and created again at once may find its old actor still stopping under that name.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Context.ActorOf(props, attempt == 1 ? actorName : $"{actorName}~{attempt}");
            }
            catch (InvalidActorNameException) when (attempt < 100)
            {
            }
        }
    }

    private void RemoveBot(string name, IActorRef bot)
    {
        _table.Update(t => t with { Bots = t.Bots.Remove(name) });
        _applied.Remove(name);
        Context.Stop(bot);
        _log.LogInformation("Bot {Bot} removed", name);
    }

    private BotReply Save(string name, BotConfig config)
    {
        if (BotNames.Validate(name) is { } invalid)
        {
            return new(CommandResultCode.WrongUsage, invalid);
        }
        try
        {
            Files.Write(name, config);
        }
        catch (IOException ex)
        {
            return new(CommandResultCode.Failure, $"Could not write the configuration of {name}: {ex.Message}");
        }
        var existed = _table.Current.Bots.ContainsKey(name);
        Refresh(name, startEnabled: true);
        return new(CommandResultCode.Ok, existed ? "Configuration updated." : "Bot created.");
    }

    private BotReply Delete(string name)
    {
        if (!_table.Current.Bots.TryGetValue(name, out var bot))
        {
            return new(CommandResultCode.NotFound, $"Couldn't find any bot named {TextLimits.Quote(name, TextLimits.Name)}!");
        }
        try
        {
            Files.Delete(name);
        }
        catch (IOException ex)
        {
            return new(CommandResultCode.Failure, $"Could not delete the configuration of {name}: {ex.Message}");
        }
        RemoveBot(name, bot);
        return new(CommandResultCode.Ok, "Done!");
    }

    private BotReply ReloadAll()
    {
        if (_directory is null)
        {
            // Placed bots have no files to read again: their configurations live in the cluster's registry.
            return new(CommandResultCode.Ok, "Done!");
        }
        var names = Files.Scan();
        foreach (var (name, bot) in _table.Current.Bots)
        {
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                RemoveBot(name, bot);
            }
        }
        foreach (var name in names)
        {
            if (_table.Current.Bots.TryGetValue(name, out var bot))
            {
                bot.Tell(TracedMessage.Wrap(StopBot.Instance), Self);
                var (config, error) = ReadFile(name);
                Apply(bot, name, config, error, startEnabled: true);
            }
            else
            {
                Refresh(name, startEnabled: true);
            }
        }
        return new(CommandResultCode.Ok, "Done!");
    }
}
