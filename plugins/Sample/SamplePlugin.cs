using System.Globalization;
using System.Text.Json;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Plugins.Sample;

/// <summary>
/// The example plugin: an echo and a sum method, a method that takes a given time (for ordering and
/// concurrency tests), a method that fails on purpose, a serial counter, a command that streams its
/// output over time, script functions, and a heartbeat that Running bots perform.
/// </summary>
public sealed class SamplePlugin : IPlugin
{
    /// <summary>The serial counter's value (only ever touched one call at a time).</summary>
    private int _counter;

    /// <inheritdoc />
    public string Name => "sample";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddMethod<StringMessage, StringMessage>("echo", (input, _) =>
            Task.FromResult(MethodResult<StringMessage>.Ok(new StringMessage { Value = input.Value })));

        registry.AddMethod<IntListMessage, IntMessage>("sum", (input, _) =>
            Task.FromResult(MethodResult<IntMessage>.Ok(new IntMessage { Value = input.Value.Sum() })));

        registry.AddMethod<IntMessage, IntMessage>("delay", async (input, context) =>
        {
            if (input.Value is < 0 or > 600_000)
            {
                context.Output.WriteLine("delay: milliseconds must be between 0 and 600000", TextColor.LightRed);
                return MethodResult<IntMessage>.Fail(CommandResultCode.WrongUsage);
            }
            context.Output.WriteLine($"waiting {input.Value} ms");
            await Task.Delay(input.Value, context.CancellationToken).ConfigureAwait(false);
            return MethodResult<IntMessage>.Ok(new IntMessage { Value = input.Value });
        });

        registry.AddMethod<StringMessage, EmptyMessage>("fail", (input, _) =>
            throw new InvalidOperationException(input.Value));

        registry.AddMethod<EmptyMessage, IntMessage>("counter", (_, _) =>
            Task.FromResult(MethodResult<IntMessage>.Ok(new IntMessage { Value = ++_counter })), serial: true);

        registry.AddCommand("countdown", "countdown <N> [DelayMs] - counts down from N, one line every DelayMs (default 100)", CountdownAsync);

        registry.AddScriptFunction("sample-rpc", "greet", (arguments, _) =>
            Task.FromResult(ScriptResult.Ok([.. arguments.Select(a => $"Hello, {a}!")])));
        registry.AddScriptFunction("sample-rpc", "upper", (arguments, _) =>
            Task.FromResult(ScriptResult.Ok([.. arguments.Select(a => a.ToUpperInvariant())])));

        registry.AddBotBehavior("heartbeat", TimeSpan.FromSeconds(1), Heartbeat);
    }

    private static async Task<CommandResultCode> CountdownAsync(CommandContext context)
    {
        var arguments = context.Arguments;
        if (arguments.Count is < 1 or > 2 ||
            !int.TryParse(arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from > 1000 ||
            (arguments.Count == 2 && (!int.TryParse(arguments[1], NumberStyles.None, CultureInfo.InvariantCulture, out _) || int.Parse(arguments[1], CultureInfo.InvariantCulture) > 10_000)))
        {
            context.Output.WriteLine("Usage: countdown <N up to 1000> [DelayMs up to 10000]", TextColor.Yellow);
            return CommandResultCode.WrongUsage;
        }
        var delay = arguments.Count == 2 ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 100;
        for (var i = from; i > 0; i--)
        {
            context.Output.WriteLine($"{i}...", i <= 3 ? TextColor.LightRed : TextColor.LightCyan);
            await Task.Delay(delay, context.CancellationToken).ConfigureAwait(false);
        }
        context.Output.WriteLine("Liftoff!", TextColor.LightGreen);
        return CommandResultCode.Ok;
    }

    /// <summary>Counts beats; a bot's <c>"HeartbeatMessage"</c> setting, if present, is shown with the count.</summary>
    private static Task<string?> Heartbeat(BotContext bot, CancellationToken cancellationToken)
    {
        var beats = bot.State.Steps + 1;
        var message = bot.Settings.ValueKind == JsonValueKind.Object && bot.Settings.TryGetProperty("HeartbeatMessage", out var setting) && setting.ValueKind == JsonValueKind.String
            ? $" ({setting.GetString()})"
            : string.Empty;
        return Task.FromResult<string?>($"{beats} heartbeat{(beats == 1 ? "" : "s")}{message}");
    }
}
