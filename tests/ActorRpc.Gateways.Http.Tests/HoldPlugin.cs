using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>
/// A plugin that holds requests open for as long as a test wants: <c>POST /Api/Plugins/hold/wait</c> counts itself in
/// <see cref="Entered"/> and then waits until <see cref="Release"/> (or until its request is cancelled). Once
/// <see cref="Entered"/> says N, N requests hold a slot of the gateway's concurrency limit: no timing guesswork.
/// The command <c>hold</c> does the same for commands: it writes <see cref="HoldingText"/> in yellow, waits until
/// <see cref="Release"/>, then writes <see cref="ReleasedText"/> in light green; a cancelled one counts itself in
/// <see cref="CommandsCancelled"/>.
/// </summary>
public sealed class HoldPlugin : IPlugin
{
    /// <summary>What the <c>hold</c> command writes before it waits.</summary>
    public const string HoldingText = "holding\n";

    /// <summary>What the <c>hold</c> command writes once released.</summary>
    public const string ReleasedText = "released\n";

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _entered;

    private int _commandsCancelled;

    public string Name => "hold";

    /// <summary>The URL of the holding method.</summary>
    public const string Url = "/Api/Plugins/hold/wait";

    /// <summary>Calls of <c>hold::wait</c> that have started.</summary>
    public int Entered => Volatile.Read(ref _entered);

    /// <summary>Runs of the <c>hold</c> command that ended because they were cancelled.</summary>
    public int CommandsCancelled => Volatile.Read(ref _commandsCancelled);

    /// <summary>Lets every waiting (and every later) call and command finish.</summary>
    public void Release() => _gate.TrySetResult();

    public void Register(IPluginRegistry registry)
    {
        registry.AddMethod<EmptyMessage, EmptyMessage>("wait", async (_, context) =>
        {
            Interlocked.Increment(ref _entered);
            await _gate.Task.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            return MethodResult<EmptyMessage>.Ok(new EmptyMessage());
        });
        registry.AddCommand("hold", "hold - writes a line, then waits until the test releases it", async context =>
        {
            context.Output.Write(HoldingText, TextColor.Yellow);
            try
            {
                await _gate.Task.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _commandsCancelled);
                throw;
            }
            context.Output.Write(ReleasedText, TextColor.LightGreen);
            return CommandResultCode.Ok;
        });
    }
}
