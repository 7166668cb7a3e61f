using System.Collections.Immutable;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Kernel;
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

/// <summary>
/// The parent of every <see cref="BotActor"/> (<c>/user/router/bot-NAME</c>): mirrors the bots directory
/// into bots, watches it for changes, writes configurations for the gateways, and publishes the bots in
/// the <see cref="RoutingTable"/>. A broken file makes that bot Failed; it never stops the others.
/// </summary>
internal sealed class BotsActor : ReceiveActor
{
    /// <summary>The bots directory.</summary>
    private readonly BotsDirectory _directory;

    /// <summary>Where bots are published.</summary>
    private readonly RoutingTableHolder _table;

    /// <summary>Logs for this actor and the bots.</summary>
    private readonly ILogger _log;

    /// <summary>The configuration last applied per bot (null: the file is broken), to skip repeated watcher events.</summary>
    private readonly Dictionary<string, BotConfig?> _applied = new(StringComparer.Ordinal);

    public BotsActor(BotsDirectory directory, RoutingTableHolder table, ILoggerFactory logs)
    {
        _directory = directory;
        _table = table;
        _log = logs.CreateLogger("ActorRpc.Bots");
        Receive<BotFileChanged>(changed => Refresh(changed.Name, startEnabled: true));
        Receive<SaveBotConfig>(save => Sender.Tell(Save(save.Name, save.Config)));
        Receive<DeleteBot>(delete => Sender.Tell(Delete(delete.Name)));
        Receive<ReloadBots>(_ => Sender.Tell(ReloadAll()));
        // Replies to the lifecycle commands this actor sends itself (enabled bots starting).
        Receive<BotReply>(_ => { });
        Receive<BehaviorsPublished>(OnBehaviorsPublished);
    }

    protected override void PreStart()
    {
        _self = Self;
        _lastBehaviors = _table.Current.Behaviors;
        // Watch first: a file written while the directory is being read is seen again afterwards (and applying twice is harmless).
        var self = Self;
        _directory.Watch(name => self.Tell(new BotFileChanged(name), ActorRefs.NoSender), _log);
        LoadAll();
        _table.Changed += OnTableChanged;
    }

    protected override void PostStop()
    {
        _table.Changed -= OnTableChanged;
        _directory.Dispose();
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
        var names = _directory.Scan();
        var created = ImmutableSortedDictionary.CreateBuilder<string, IActorRef>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var (config, error) = ReadFile(name);
            var bot = CreateBot(name);
            created[name] = bot;
            Apply(bot, name, config, error, startEnabled: true);
        }
        _table.Update(t => t with { Bots = t.Bots.AddRange(created) });
        _log.LogInformation("Loaded {Count} bots from {Directory}", names.Count, _directory.Path);
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
        bot.Tell(new ApplyBotConfig(config, error), Self);
        if (error is not null)
        {
            _log.LogError("Bot {Bot}: configuration file {File} is broken: {Error}", name, _directory.FileOf(name), error);
        }
        else if (startEnabled && config!.Enabled)
        {
            bot.Tell(StartBot.Instance, Self);
        }
    }

    private (BotConfig? Config, string? Error) ReadFile(string name)
    {
        try
        {
            return (_directory.Read(name), null);
        }
        catch (BotConfigException ex)
        {
            return (null, ex.Message);
        }
    }

    private IActorRef CreateBot(string name)
    {
        var props = Props.Create(() => new BotActor(name, _table, _log));
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
            _directory.Write(name, config);
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
            return new(CommandResultCode.NotFound, $"Couldn't find any bot named {name}!");
        }
        try
        {
            _directory.Delete(name);
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
        var names = _directory.Scan();
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
                bot.Tell(StopBot.Instance, Self);
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
