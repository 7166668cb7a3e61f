namespace ActorRpc.Actors.Kernel.Routing;

/// <summary>A pool that hands messages to its routees in turn.</summary>
/// <param name="nrOfInstances">How many routees.</param>
/// <param name="supervisorStrategy">How routees are supervised; default: restart.</param>
public sealed class RoundRobinPool(int nrOfInstances, SupervisorStrategy? supervisorStrategy = null)
    : Pool(nrOfInstances, supervisorStrategy)
{
    internal override RoutingLogic CreateLogic() => new RoundRobinLogic();

    private sealed class RoundRobinLogic : RoutingLogic
    {
        /// <summary>Messages routed so far; wraps harmlessly.</summary>
        private long _next = -1;

        public override IActorRef Select(object message, IActorRef[] routees) =>
            routees[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)routees.Length)];
    }
}
