namespace ActorRpc.Actors.Kernel.Routing;

/// <summary>Sent to a router: delivers <paramref name="Message"/> to every routee.</summary>
public sealed record Broadcast(object Message);

/// <summary>Sent to a router: it replies with <see cref="Routees"/>.</summary>
public sealed class GetRoutees
{
    /// <summary>The single instance.</summary>
    public static readonly GetRoutees Instance = new();

    private GetRoutees()
    {
    }
}

/// <summary>A router's current routees.</summary>
public sealed record Routees(IReadOnlyList<IActorRef> Members);

/// <summary>A message that names the key a consistent-hashing router routes it by.</summary>
public interface IConsistentHashable
{
    /// <summary>The routing key: equal keys reach the same routee while the pool is unchanged.</summary>
    object ConsistentHashKey { get; }
}

/// <summary>Wraps a message with a routing key; the routee receives <paramref name="Message"/> unwrapped.</summary>
public sealed record ConsistentHashableEnvelope(object Message, object HashKey) : IConsistentHashable
{
    /// <inheritdoc />
    public object ConsistentHashKey => HashKey;
}
