using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Tests.TestPlugin;

/// <summary>
/// A plugin loaded from an assembly file: a command, a method that reports its load count, a slow method, a script
/// function, and a bot behaviour whose every step lasts until it is cancelled.
/// </summary>
public sealed class TestPlugin : IPlugin
{
    /// <summary>Registrations of this type in this load context (a fresh context after a reload starts again at 1).</summary>
    private static int s_registrations;

    public string Name => "testplugin";

    public string Version => "2.0.0";

    public void Register(IPluginRegistry registry)
    {
        var registration = Interlocked.Increment(ref s_registrations);
        registry.AddCommand("tp-hello", "says hello from an assembly plugin", context =>
        {
            context.Output.WriteLine("hello from testplugin");
            return Task.FromResult(CommandResultCode.Ok);
        });
        registry.AddMethod<EmptyMessage, StringMessage>("whoami", (_, _) =>
            Task.FromResult(MethodResult<StringMessage>.Ok(new StringMessage { Value = $"testplugin registration {registration} in {typeof(TestPlugin).Assembly.GetName().Name}" })));
        registry.AddMethod<IntMessage, IntMessage>("slow", async (input, context) =>
        {
            await Task.Delay(input.Value, context.CancellationToken);
            return MethodResult<IntMessage>.Ok(input);
        });
        registry.AddScriptFunction("test.rpc", "ping", (_, _) => Task.FromResult(ScriptResult.Ok("pong")));
        // Each step lingers until cancelled: by its interval's end, by the bot leaving Running, or by the bot going away.
        registry.AddBotBehavior("linger", TimeSpan.FromMilliseconds(200), async (bot, cancellationToken) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The step is over.
            }
            return $"lingered {bot.State.Steps + 1}";
        });
    }
}
