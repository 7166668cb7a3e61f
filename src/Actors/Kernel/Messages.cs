namespace ActorRpc.Actors.Kernel;

/// <summary>Marks messages that do not reset the receive timeout.</summary>
public interface INotInfluenceReceiveTimeout;

/// <summary>Stops the receiving actor once it reaches this message (earlier messages are processed first).</summary>
public sealed class PoisonPill : Dispatch.IAutoReceivedMessage
{
    /// <summary>The single instance.</summary>
    public static readonly PoisonPill Instance = new();

    private PoisonPill()
    {
    }

    /// <inheritdoc />
    public override string ToString() => "PoisonPill";
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/> when it reaches this message.</summary>
public sealed class Kill : Dispatch.IAutoReceivedMessage
{
    /// <summary>The single instance.</summary>
    public static readonly Kill Instance = new();

    private Kill()
    {
    }

    /// <inheritdoc />
    public override string ToString() => "Kill";
}

/// <summary>Delivered to watchers once a watched actor has stopped.</summary>
/// <param name="ActorRef">The actor that stopped.</param>
/// <param name="ExistenceConfirmed">False when the actor was already gone (or never existed) when watched.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed) : INotInfluenceReceiveTimeout;

/// <summary>Delivered when an actor with a receive timeout has received nothing for that long.</summary>
public sealed class ReceiveTimeout : INotInfluenceReceiveTimeout
{
    /// <summary>The single instance.</summary>
    public static readonly ReceiveTimeout Instance = new();

    private ReceiveTimeout()
    {
    }

    /// <inheritdoc />
    public override string ToString() => "ReceiveTimeout";
}

/// <summary>Reply conventions understood by <c>Ask</c>.</summary>
public static class Status
{
    /// <summary>A successful reply carrying <paramref name="Result"/>.</summary>
    public sealed record Success(object? Result);

    /// <summary>A failed reply: <c>Ask</c> faults with <paramref name="Cause"/>.</summary>
    public sealed record Failure(Exception Cause);
}

/// <summary>Asks any actor to identify itself; the kernel answers with <see cref="ActorIdentity"/> (after the messages queued before it).</summary>
/// <param name="MessageId">Echoed back, to tell answers apart.</param>
public sealed record Identify(object? MessageId) : Dispatch.IAutoReceivedMessage;

/// <summary>The answer to <see cref="Identify"/>.</summary>
/// <param name="MessageId">The id sent.</param>
/// <param name="Subject">The actor that answered.</param>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);
