using System.Threading.Channels;
using ActorRpc.Actors.Kernel;

namespace ActorRpc.Testing;

/// <summary>The actor behind a TestKit or probe: queues everything it receives for the test to inspect.</summary>
internal sealed class TestActor(ChannelWriter<ReceivedMessage> queue) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case WatchCommand watch:
                Context.Watch(watch.Target);
                watch.Done.TrySetResult();
                break;
            case UnwatchCommand unwatch:
                Context.Unwatch(unwatch.Target);
                unwatch.Done.TrySetResult();
                break;
            default:
                queue.TryWrite(new ReceivedMessage(message, Sender, Context.System.TimeProvider.GetUtcNow()));
                break;
        }
    }
}

/// <summary>Asks the test actor to watch <paramref name="Target"/>; <paramref name="Done"/> completes once the watch is sent.</summary>
internal sealed record WatchCommand(IActorRef Target, TaskCompletionSource Done);

/// <summary>Asks the test actor to stop watching <paramref name="Target"/>; <paramref name="Done"/> completes once it has.</summary>
internal sealed record UnwatchCommand(IActorRef Target, TaskCompletionSource Done);
