using ActorRpc.Actors.Kernel.Dispatch;

namespace ActorRpc.Actors.Kernel.Routing;

/// <summary>
/// The router's own actor: it supervises and watches the routees, answers <see cref="GetRoutees"/>, and
/// stops when the last routee has stopped. Routing itself happens in <see cref="RoutedActorRef"/>, on the
/// sender's thread, without a hop through this mailbox.
/// </summary>
internal sealed class RouterActor : ReceiveActor
{
    /// <summary>The pool this router was made for.</summary>
    private readonly Pool _pool;

    public RouterActor(Pool pool)
    {
        _pool = pool;
        Receive<Terminated>(OnRouteeTerminated);
        Receive<GetRoutees>(_ => Sender.Tell(new Routees(Routed.CurrentRoutees), Self));
    }

    /// <summary>The reference whose routee table this actor maintains.</summary>
    private RoutedActorRef Routed => (RoutedActorRef)Self;

    protected override void PreStart()
    {
        foreach (var routee in Routed.CurrentRoutees)
        {
            Context.Watch(routee);
        }
    }

    protected override SupervisorStrategy SupervisorStrategy() => _pool.SupervisorStrategy;

    private void OnRouteeTerminated(Terminated terminated)
    {
        if (Routed.RemoveRoutee(terminated.ActorRef) == 0)
        {
            Context.Stop(Self);
        }
    }
}
