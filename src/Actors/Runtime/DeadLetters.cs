using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;

namespace ActorRpc.Actors.Runtime;

/// <summary>
/// Counts an actor system's dead letters (messages sent to an actor that was gone, or dropped): the
/// <c>actorrpc.dead_letters</c> metric, and what benchmarks report after each scenario.
/// </summary>
public static class DeadLetters
{
    private static readonly ConditionalWeakTable<ActorSystem, StrongBox<long>> s_counts = new();

    /// <summary>Starts counting <paramref name="system"/>'s dead letters (once; later calls do nothing).</summary>
    public static void Count(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var counter = new StrongBox<long>();
        if (!s_counts.TryAdd(system, counter))
        {
            return;
        }
        var listener = ((ExtendedActorSystem)system).SystemActorOf(ActorProps.Of(() => new Listener(counter)), "actorrpc-dead-letters");
        system.EventStream.Subscribe(listener, typeof(DeadLetter));
        system.EventStream.Subscribe(listener, typeof(Dropped));
    }

    /// <summary>How many dead letters <paramref name="system"/> had since counting began.</summary>
    public static long Of(ActorSystem system) =>
        s_counts.TryGetValue(system, out var counter) ? Interlocked.Read(ref counter.Value) : 0;

    private sealed class Listener : ReceiveActor
    {
        public Listener(StrongBox<long> counter) =>
            ReceiveAny(_ => Interlocked.Increment(ref counter.Value));
    }
}
