using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Router;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>
/// The message ASF 6's IPC gives for one bot's lifecycle request (<c>POST /Api/Bot/{botNames}/Start</c> and the others).
/// Its texts are facts of ASF's API, which clients show as they are. Where ASF has no case of its own (pausing a bot
/// that is not running, a broken configuration) the bot's own reply stands.
/// </summary>
internal static class AsfLifecycleText
{
    /// <summary>A start or stop that changed the bot.</summary>
    public const string Done = "Done!";

    public const string AlreadyRunning = "This bot is already running!";

    public const string AlreadyStopped = "This bot has already stopped!";

    public const string Paused = "Automatic farming has paused!";

    public const string PausedAlready = "Automatic farming is paused already!";

    public const string Resumed = "Automatic farming has resumed!";

    public const string ResumedAlready = "Automatic farming is resumed already!";

    /// <summary>ASF's text for <paramref name="reply"/>, the bot's answer to <paramref name="operation"/>.</summary>
    public static string Of(BotOperation operation, BotReply reply) => (operation, reply) switch
    {
        (_, { Code: not CommandResultCode.Ok }) => reply.Text,
        (BotOperation.Start or BotOperation.Stop, { Changed: true }) => Done,
        (BotOperation.Start, { State: BotState.Running or BotState.Paused }) => AlreadyRunning,
        (BotOperation.Stop, { State: BotState.Stopped or BotState.Failed }) => AlreadyStopped,
        (BotOperation.Pause, { Changed: true }) => Paused,
        (BotOperation.Pause, { State: BotState.Paused }) => PausedAlready,
        (BotOperation.Resume, { Changed: true }) => Resumed,
        (BotOperation.Resume, { State: BotState.Running }) => ResumedAlready,
        _ => reply.Text,
    };
}
