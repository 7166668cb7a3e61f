using ActorRpc.Actors.Kernel.Dispatch;

namespace ActorRpc.Actors.Kernel;

/// <summary>Sending with an implicit sender, as inside an actor one writes <c>other.Tell(msg)</c>.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Tells with the implicit sender: the current actor when called from inside one (also after an
    /// <c>await</c> in an async handler), else the target system's default sender (the TestKit's test
    /// actor), else no sender.
    /// </summary>
    public static void Tell(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.ImplicitSender(receiver));
    }

    /// <summary>Passes <paramref name="message"/> on, keeping the current message's original sender.</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var cell = ActorCell.CurrentCell;
        receiver.Tell(message, cell?.SenderOrNull);
    }
}
