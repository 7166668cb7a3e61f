using ActorRpc.Actors.Kernel.Routing;

namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>
/// The reference of a pool router. Ordinary messages are routed right here to a routee (sender kept);
/// <see cref="Broadcast"/> goes to every routee; <see cref="PoisonPill"/>, <see cref="Kill"/> and
/// <see cref="GetRoutees"/> go to the router actor itself.
/// </summary>
internal sealed class RoutedActorRef(ActorCell cell, Pool pool) : InternalActorRef
{
    /// <summary>Picks the routee.</summary>
    private readonly RoutingLogic _logic = pool.CreateLogic();

    /// <summary>The routees; replaced (never mutated) when one leaves, so routing reads it without a lock.</summary>
    private IActorRef[] _routees = [];

    public ActorCell Cell { get; } = cell;

    public IActorRef[] CurrentRoutees => Volatile.Read(ref _routees);

    public override ActorPath Path => Cell.Path;

    public override ActorSystem System => Cell.System;

    /// <summary>Creates the routees as children of the router (before its first run).</summary>
    public void CreateRoutees(Props routeeProps)
    {
        var routees = new IActorRef[pool.NrOfInstances];
        for (var i = 0; i < routees.Length; i++)
        {
            routees[i] = Cell.ActorOf(routeeProps);
        }
        Volatile.Write(ref _routees, routees);
    }

    /// <summary>Removes a stopped routee; returns how many remain. Called only by the router actor.</summary>
    public int RemoveRoutee(IActorRef routee)
    {
        var remaining = Array.FindAll(_routees, r => !ReferenceEquals(r, routee));
        Volatile.Write(ref _routees, remaining);
        return remaining.Length;
    }

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case PoisonPill or Kill or GetRoutees:
                TellRouter(message, sender);
                return;
            case Broadcast broadcast:
                foreach (var routee in CurrentRoutees)
                {
                    routee.Tell(broadcast.Message, sender);
                }
                return;
        }
        var routees = CurrentRoutees;
        if (routees.Length == 0)
        {
            System.DeadLetterRef.Deliver(message, sender, this);
            return;
        }
        var target = _logic.Select(message, routees);
        target.Tell(message is ConsistentHashableEnvelope envelope ? envelope.Message : message, sender);
    }

    private void TellRouter(object message, IActorRef? sender)
    {
        if (!Cell.Mailbox.Post(Envelope.Capture(message, sender)))
        {
            System.DeadLetterRef.Deliver(message, sender, this);
        }
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (!Cell.Mailbox.PostSystem(message))
        {
            Cell.HandleSystemMessageAfterStop(message);
        }
    }
}
