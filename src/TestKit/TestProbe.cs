using ActorRpc.Actors.Kernel;

namespace ActorRpc.Testing;

/// <summary>An extra test actor with its own queue of messages, in the same system as the test.</summary>
public sealed class TestProbe : TestKitBase
{
    internal TestProbe(ActorSystem system, string name)
        : base(system, name)
    {
    }

    /// <summary>The probe's actor reference (same as <see cref="TestKitBase.TestActor"/>).</summary>
    public IActorRef Ref => TestActor;

    /// <summary>Sends <paramref name="message"/> to <paramref name="actor"/> with this probe as sender.</summary>
    public void Send(IActorRef actor, object message) => actor.Tell(message, Ref);

    /// <summary>Replies to the sender of the last consumed message, with this probe as sender.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Passes <paramref name="message"/> to <paramref name="actor"/>, keeping the last consumed message's sender.</summary>
    public void Forward(IActorRef actor, object message) => actor.Tell(message, LastSender);
}
