using ActorRpc.Actors.Kernel.Routing;

namespace ActorRpc.Actors.Kernel;

/// <summary>
/// How to make an actor: a factory (called again on every restart), and optionally a router and a mailbox
/// bound. Immutable; the <c>With…</c> methods return copies.
/// </summary>
public sealed record Props
{
    private Props(Type actorType, Func<ActorBase> factory)
    {
        ActorType = actorType;
        Factory = factory;
    }

    /// <summary>The type of actor the factory makes.</summary>
    public Type ActorType { get; }

    /// <summary>Makes a fresh instance; called at start and on every restart.</summary>
    public Func<ActorBase> Factory { get; }

    /// <summary>When set, <c>ActorOf</c> creates a pool router of this configuration instead of one actor.</summary>
    public Pool? Router { get; init; }

    /// <summary>The most user messages the mailbox holds; past it a send becomes a dead letter. Null: unbounded.</summary>
    public int? MailboxCapacity { get; init; }

    /// <summary>Props whose factory is <paramref name="factory"/>, e.g. <c>Props.Create(() =&gt; new Bot(name))</c>.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory);
    }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<TActor>()
        where TActor : ActorBase, new() => new(typeof(TActor), static () => new TActor());

    /// <summary>A copy that makes a pool router of <paramref name="router"/> over actors made by these props.</summary>
    public Props WithRouter(Pool router) => this with { Router = router };

    /// <summary>A copy with a bounded mailbox of <paramref name="capacity"/> user messages.</summary>
    public Props WithMailboxCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return this with { MailboxCapacity = capacity };
    }
}
