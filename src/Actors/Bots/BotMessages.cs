using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Actors.Bots;

/// <summary>A bot's lifecycle state.</summary>
public enum BotState
{
    /// <summary>Not running (the state of a new bot).</summary>
    Stopped,

    /// <summary>Running: its behaviours run periodically.</summary>
    Running,

    /// <summary>Paused: running, but its behaviours are suspended (until resumed, or until a timed pause ends).</summary>
    Paused,

    /// <summary>Its configuration file cannot be used; it cannot start until the file is fixed.</summary>
    Failed,
}

/// <summary>Starts a bot. Reply: <see cref="BotReply"/>.</summary>
internal sealed record StartBot
{
    public static readonly StartBot Instance = new();
}

/// <summary>Stops a bot. Reply: <see cref="BotReply"/>.</summary>
internal sealed record StopBot
{
    public static readonly StopBot Instance = new();
}

/// <summary>Pauses a bot, for ever or until <see cref="ResumeAfter"/> has passed. Reply: <see cref="BotReply"/>.</summary>
internal sealed record PauseBot(TimeSpan? ResumeAfter);

/// <summary>Resumes a paused bot. Reply: <see cref="BotReply"/>.</summary>
internal sealed record ResumeBot
{
    public static readonly ResumeBot Instance = new();
}

/// <summary>Asks for a bot's state. Reply: <see cref="BotSnapshot"/>.</summary>
internal sealed record GetBotStatus
{
    public static readonly GetBotStatus Instance = new();
}

/// <summary>The bot's configuration file changed: a new configuration, or why it cannot be used.</summary>
internal sealed record ApplyBotConfig(BotConfig? Config, string? Error);

/// <summary>The router's behaviour list changed (a plugin was loaded or unloaded).</summary>
internal sealed record RefreshBehaviors
{
    public static readonly RefreshBehaviors Instance = new();
}

/// <summary>A bot's answer to a lifecycle command: one line of text (without the <c>&lt;Name&gt;</c> prefix).</summary>
/// <param name="Code">The result code.</param>
/// <param name="Text">The reply line.</param>
/// <param name="State">The bot's state after the command (set by the bot itself; a cluster records it when it changed).</param>
/// <param name="Changed">
/// True when the command changed the bot's state; false when the bot was already there ("already running") or refused.
/// ASF's IPC answers such a request with <c>Success</c> false, where the command's reply stays CR_OK.
/// </param>
public sealed record BotReply(CommandResultCode Code, string Text, BotState? State = null, bool Changed = false);

/// <summary>A bot as it is now.</summary>
/// <param name="Name">Its name.</param>
/// <param name="State">Its lifecycle state.</param>
/// <param name="StatusText">The status line (as <c>status</c> shows it, without the prefix).</param>
/// <param name="Config">Its configuration, when the file is usable.</param>
/// <param name="ConfigError">Why the file is not usable, when it is not.</param>
/// <param name="ResumesAt">When a timed pause ends.</param>
/// <param name="Reports">The latest report of each behaviour.</param>
public sealed record BotSnapshot(
    string Name,
    BotState State,
    string StatusText,
    BotConfig? Config,
    string? ConfigError,
    DateTimeOffset? ResumesAt,
    IReadOnlyDictionary<string, string> Reports);
