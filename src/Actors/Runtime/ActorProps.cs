using Akka.Actor;

namespace ActorRpc.Actors.Runtime;

/// <summary>
/// Props made from a plain factory delegate. Akka's <c>Props.Create(() => new T(…))</c> takes an expression tree and
/// evaluates each constructor argument by compiling it, which costs tens of microseconds per actor: too much for
/// 10,000 bots at start or one actor per TCP connection. These props call the delegate instead; they are local only
/// (no Akka.Remote deployment), which is all the product needs.
/// </summary>
public static class ActorProps
{
    /// <summary>Props whose actor is made by <paramref name="factory"/>, once per incarnation (a restart calls it again).</summary>
    public static Props Of<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Props.CreateBy(new FactoryProducer<TActor>(factory));
    }

    private sealed class FactoryProducer<TActor>(Func<TActor> factory) : IIndirectActorProducer
        where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}
