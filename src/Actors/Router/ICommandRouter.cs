using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Plugins;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Google.Protobuf;

namespace ActorRpc.Actors.Router;

/// <summary>
/// The single entry the gateways use: run commands, bind and call plugin methods, run script functions,
/// read and change bots. Everything is asynchronous and returns a result code with its output; streamed
/// text goes to the caller's <see cref="ICommandOutput"/> as it is produced. Behind it sit actors (bots,
/// methods) that may be local or, with a cluster, remote: the gateways do not know which.
/// </summary>
public interface ICommandRouter
{
    /// <summary>This node's name (the prefix of node-level reply lines).</summary>
    string NodeName { get; }

    /// <summary>False while no owner is configured (<c>owner-id = 0</c>): gateways must refuse commands.</summary>
    bool CommandsAllowed { get; }

    /// <summary>The current routing table (bots and plugins).</summary>
    RoutingTable Table { get; }

    /// <summary>Completes once the plugins and the bots directory have been loaded at start.</summary>
    Task WhenReady { get; }

    /// <summary>
    /// CoreSuspend across the node: a command that changes state waits while another session holds a suspension
    /// (whatever gateway it came through), and one session's commands are admitted in the order they were run.
    /// </summary>
    SuspensionGate Suspensions { get; }

    /// <summary>
    /// Runs a command given as a word and separate arguments (TCP RunCommand) for <paramref name="session"/> (from
    /// <see cref="SuspensionGate.OpenSession"/>; the default is a caller that never suspends). Everything up to the
    /// command's first message to its target, or its place in the suspension gate's queue, happens before this returns,
    /// so commands run one after another reach a target in that order.
    /// </summary>
    Task<CommandResult> RunCommandAsync(string command, IReadOnlyList<string> arguments, ICommandOutput output, long session = SuspensionGate.Anonymous,
        CancellationToken cancellationToken = default);

    /// <summary>Runs a command line as typed (HTTP, the console): split on whitespace; waits while any session holds a suspension if it changes state.</summary>
    Task<CommandResult> RunCommandLineAsync(string commandLine, ICommandOutput output, CancellationToken cancellationToken = default);

    /// <summary>Finds <c>plugin::method</c> with exactly these input and output type names; the error text is the protocol's.</summary>
    BindResult Bind(string plugin, string method, string inputType, string outputType);

    /// <summary>Calls a bound method.</summary>
    Task<MethodCallResult> CallAsync(RpcMethod method, IMessage input, ICommandOutput output, CancellationToken cancellationToken = default);

    /// <summary>Runs a plugin's script function (TCP RunLua).</summary>
    Task<ScriptResult> RunScriptAsync(string module, string function, IReadOnlyList<string> arguments, ICommandOutput output, CancellationToken cancellationToken = default);

    /// <summary>The bots a bot list selects, as they are now.</summary>
    Task<BotQueryResult> GetBotsAsync(string selector, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a bot's configuration (atomically written to the bots directory).</summary>
    Task<BotReply> SaveBotAsync(string name, BotConfig config, CancellationToken cancellationToken = default);

    /// <summary>Deletes a bot and its configuration file.</summary>
    Task<BotReply> DeleteBotAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The nodes serving this namespace: this node alone, or the cluster's live members.</summary>
    IReadOnlyList<ClusterMember> Members { get; }

    /// <summary>Why this cluster member cannot serve cluster requests now; null when it can (always on a lone node).</summary>
    string? ClusterUnavailable { get; }

    /// <summary>
    /// How many commands (<see cref="RunCommandAsync"/>, <see cref="RunCommandLineAsync"/>) this router has run since it
    /// started, counted as each begins; only ever grows.
    /// </summary>
    long CommandsRun { get; }

    /// <summary>When the <c>restart</c> command last finished on this node (it reloads plugins and bots in the process); null before the first.</summary>
    DateTimeOffset? RestartedAt { get; }
}

/// <summary>The outcome of a command: its result code and all the text it wrote.</summary>
/// <param name="Code">The result code.</param>
/// <param name="Text">Everything the command wrote, in order, without colours.</param>
/// <param name="Bots">
/// For a lifecycle command (<c>start</c>, <c>stop</c>, <c>pause</c>, <c>resume</c>) that reached its bots: each bot's
/// reply, in name order. Null for every other command, and when the bot list selected nothing.
/// </param>
public sealed record CommandResult(CommandResultCode Code, string Text, IReadOnlyList<BotOutcome>? Bots = null);

/// <summary>One bot's reply to a lifecycle command.</summary>
/// <param name="Name">The bot.</param>
/// <param name="Reply">Its reply.</param>
public sealed record BotOutcome(string Name, BotReply Reply);

/// <summary>The outcome of a bind: the method, or the text to send before failing with CR_FAILURE.</summary>
/// <param name="Method">The method, when found with a matching signature.</param>
/// <param name="ErrorText">The protocol's error text otherwise (lines ending in newlines).</param>
public sealed record BindResult(RpcMethod? Method, string? ErrorText);

/// <summary>Bots selected by a bot list.</summary>
/// <param name="Bots">The selected bots, in name order.</param>
/// <param name="Unknown">Entries of the list that named no bot.</param>
/// <param name="Error">A malformed or too slow regular expression.</param>
public sealed record BotQueryResult(IReadOnlyList<BotSnapshot> Bots, IReadOnlyList<string> Unknown, string? Error);

/// <summary>What the node lets commands do to the process itself.</summary>
public interface INodeLifetime
{
    /// <summary>Stops the node gracefully (the <c>exit</c> command), after the reply has gone out.</summary>
    void RequestExit();
}
