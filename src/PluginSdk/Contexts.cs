using System.Text.Json;
using ActorRpc.Protocol;

namespace ActorRpc.PluginSdk;

/// <summary>What a call (method or script function) gets besides its input.</summary>
/// <param name="Output">Where to stream text.</param>
/// <param name="CancellationToken">Cancelled when the caller goes away or the node stops.</param>
public record CallContext(ICommandOutput Output, CancellationToken CancellationToken);

/// <summary>What a command gets: its arguments (after the command word), its output, and cancellation.</summary>
/// <param name="Arguments">The arguments after the command word.</param>
/// <param name="Output">Where to stream text.</param>
/// <param name="CancellationToken">Cancelled when the caller goes away or the node stops.</param>
/// <param name="NodeName">The name of the node running the command.</param>
public sealed record CommandContext(IReadOnlyList<string> Arguments, ICommandOutput Output, CancellationToken CancellationToken, string NodeName)
    : CallContext(Output, CancellationToken);

/// <summary>The bot a behaviour runs for.</summary>
/// <param name="Name">The bot's name.</param>
/// <param name="Settings">The bot's configuration file, as parsed JSON (plugins read their own settings from it).</param>
/// <param name="State">A per-bot, per-behaviour slot the behaviour may use between steps.</param>
public sealed record BotContext(string Name, JsonElement Settings, BehaviorState State);

/// <summary>State a behaviour keeps for one bot between steps; reset when the bot stops.</summary>
public sealed class BehaviorState
{
    /// <summary>Steps run so far while the bot has been running.</summary>
    public long Steps { get; set; }

    /// <summary>Anything else the behaviour wants to keep.</summary>
    public object? Value { get; set; }
}

/// <summary>The outcome of a method call: a result code and, for <see cref="CommandResultCode.Ok"/>, the output message.</summary>
public readonly record struct MethodResult<TOut>(CommandResultCode Code, TOut? Output)
{
    /// <summary>Success with <paramref name="output"/>.</summary>
    public static MethodResult<TOut> Ok(TOut output) => new(CommandResultCode.Ok, output);

    /// <summary>Failure with <paramref name="code"/> (print the reason to the output first).</summary>
    public static MethodResult<TOut> Fail(CommandResultCode code) => new(code, default);
}

/// <summary>The outcome of a script function: a result code and the values.</summary>
/// <param name="Code">The result code.</param>
/// <param name="Values">The values (for <see cref="CommandResultCode.Ok"/>).</param>
public sealed record ScriptResult(CommandResultCode Code, IReadOnlyList<string> Values)
{
    /// <summary>Success with <paramref name="values"/>.</summary>
    public static ScriptResult Ok(params string[] values) => new(CommandResultCode.Ok, values);
}
