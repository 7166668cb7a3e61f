using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>
/// A plugin that holds requests open for as long as a test wants: <c>POST /Api/Plugins/hold/wait</c> counts itself in
/// <see cref="Entered"/> and then waits until <see cref="Release"/> (or until its request is cancelled). Once
/// <see cref="Entered"/> says N, N requests hold a slot of the gateway's concurrency limit: no timing guesswork.
/// </summary>
public sealed class HoldPlugin : IPlugin
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _entered;

    public string Name => "hold";

    /// <summary>The URL of the holding method.</summary>
    public const string Url = "/Api/Plugins/hold/wait";

    /// <summary>Calls of <c>hold::wait</c> that have started.</summary>
    public int Entered => Volatile.Read(ref _entered);

    /// <summary>Lets every waiting (and every later) call finish.</summary>
    public void Release() => _gate.TrySetResult();

    public void Register(IPluginRegistry registry)
    {
        registry.AddMethod<EmptyMessage, EmptyMessage>("wait", async (_, context) =>
        {
            Interlocked.Increment(ref _entered);
            await _gate.Task.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            return MethodResult<EmptyMessage>.Ok(new EmptyMessage());
        });
    }
}
