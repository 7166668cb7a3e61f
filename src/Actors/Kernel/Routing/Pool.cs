namespace ActorRpc.Actors.Kernel.Routing;

/// <summary>
/// A pool router: <c>ActorOf(props.WithRouter(pool))</c> creates the router and <see cref="NrOfInstances"/>
/// routees (its children, made from the same props). A message to the router goes straight from the sender
/// to the routee the pool's logic picks, keeping the original sender; <see cref="Broadcast"/> goes to all.
/// A routee that stops leaves the pool; a pool with no routees left stops.
/// </summary>
public abstract class Pool
{
    /// <summary>A pool of <paramref name="nrOfInstances"/> routees.</summary>
    protected Pool(int nrOfInstances, SupervisorStrategy? supervisorStrategy)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nrOfInstances);
        NrOfInstances = nrOfInstances;
        SupervisorStrategy = supervisorStrategy ?? Kernel.SupervisorStrategy.DefaultStrategy;
    }

    /// <summary>How many routees the pool creates.</summary>
    public int NrOfInstances { get; }

    /// <summary>How the router supervises its routees. Default: restart them.</summary>
    public SupervisorStrategy SupervisorStrategy { get; }

    /// <summary>A fresh routing logic for one router instance.</summary>
    internal abstract RoutingLogic CreateLogic();
}

/// <summary>Picks a routee for a message.</summary>
internal abstract class RoutingLogic
{
    /// <summary>The routee for <paramref name="message"/> among <paramref name="routees"/> (never empty).</summary>
    public abstract IActorRef Select(object message, IActorRef[] routees);
}
