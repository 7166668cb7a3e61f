using System.Buffers.Binary;
using System.Text;

namespace ActorRpc.Actors.Kernel.Routing;

/// <summary>
/// A pool that routes by key: messages with equal keys reach the same routee, and when a routee leaves only
/// its keys move. The key comes from <see cref="IConsistentHashable"/>, a <see cref="ConsistentHashableEnvelope"/>,
/// or the pool's <c>hashMapping</c>. Keys hash with a stable function, so placement is the same in every process.
/// </summary>
/// <param name="nrOfInstances">How many routees.</param>
/// <param name="hashMapping">Maps a message to its key (null: not mapped); consulted after <see cref="IConsistentHashable"/>.</param>
/// <param name="virtualNodesFactor">Points per routee on the ring; more points, more even spread.</param>
/// <param name="supervisorStrategy">How routees are supervised; default: restart.</param>
public sealed class ConsistentHashingPool(
    int nrOfInstances,
    Func<object, object?>? hashMapping = null,
    int virtualNodesFactor = 32,
    SupervisorStrategy? supervisorStrategy = null)
    : Pool(nrOfInstances, supervisorStrategy)
{
    internal override RoutingLogic CreateLogic() => new ConsistentHashLogic(hashMapping, Math.Max(1, virtualNodesFactor));

    /// <summary>A stable 32-bit hash (FNV-1a with a murmur-style finaliser), identical on every process and platform.</summary>
    internal static uint StableHash(object key)
    {
        Span<byte> scratch = stackalloc byte[8];
        ReadOnlySpan<byte> bytes = key switch
        {
            byte[] raw => raw,
            int i => Write(scratch, i),
            long l => Write(scratch, l),
            Guid g => g.ToByteArray(),
            _ => Encoding.UTF8.GetBytes(key.ToString() ?? string.Empty),
        };
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }
        hash ^= hash >> 16;
        hash *= 0x85ebca6bu;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35u;
        hash ^= hash >> 16;
        return hash;

        static ReadOnlySpan<byte> Write(Span<byte> into, long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(into, value);
            return into;
        }
    }

    private sealed class ConsistentHashLogic(Func<object, object?>? hashMapping, int virtualNodes) : RoutingLogic
    {
        /// <summary>The ring for the routee array it was built from; rebuilt when the routees change.</summary>
        private Ring? _ring;

        public override IActorRef Select(object message, IActorRef[] routees)
        {
            var key = message switch
            {
                IConsistentHashable hashable => hashable.ConsistentHashKey,
                _ => hashMapping?.Invoke(message),
            };
            if (key is null)
            {
                // No key: any routee will do; the first keeps it deterministic.
                return routees[0];
            }
            var ring = _ring;
            if (ring is null || !ReferenceEquals(ring.Routees, routees))
            {
                _ring = ring = new Ring(routees, virtualNodes);
            }
            return ring.Lookup(StableHash(key));
        }
    }

    /// <summary>Sorted points on a 32-bit circle, each owned by a routee.</summary>
    private sealed class Ring
    {
        /// <summary>Point positions, ascending.</summary>
        private readonly uint[] _points;

        /// <summary>The owner of each point.</summary>
        private readonly IActorRef[] _owners;

        public Ring(IActorRef[] routees, int virtualNodes)
        {
            Routees = routees;
            var points = new List<(uint Point, IActorRef Owner)>(routees.Length * virtualNodes);
            foreach (var routee in routees)
            {
                var name = routee.Path.ToStringWithoutAddress();
                for (var v = 0; v < virtualNodes; v++)
                {
                    points.Add((StableHash($"{name}#{v}"), routee));
                }
            }
            points.Sort(static (a, b) => a.Point.CompareTo(b.Point));
            _points = points.Select(static p => p.Point).ToArray();
            _owners = points.Select(static p => p.Owner).ToArray();
        }

        public IActorRef[] Routees { get; }

        public IActorRef Lookup(uint hash)
        {
            var index = Array.BinarySearch(_points, hash);
            if (index < 0)
            {
                index = ~index;
            }
            return _owners[index == _points.Length ? 0 : index];
        }
    }
}
