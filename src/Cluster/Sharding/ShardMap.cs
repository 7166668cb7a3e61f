
namespace ActorRpc.Cluster.Sharding;

/// <summary>
/// Where bots and shards go. A bot's shard is a stable hash of its name (the same on every node and every run,
/// unlike <c>string.GetHashCode</c>). Shard owners come from the live member set alone, so every node that sees
/// the same members computes the same owners without talking: rendezvous hashing ranks the nodes per shard,
/// and a cap of <c>ceil(shards / members)</c> per node keeps the split even.
/// </summary>
internal static class ShardMap
{
    /// <summary>The shard of bot <paramref name="name"/>.</summary>
    public static int ShardOf(string name, int shards) => (int)(StableHash(name) % (uint)shards);

    /// <summary>The owner of each shard, as an index into <paramref name="members"/> (which every node must order the same way).</summary>
    public static int[] Owners(int shards, IReadOnlyList<string> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var owners = new int[shards];
        if (members.Count == 0)
        {
            Array.Fill(owners, -1);
            return owners;
        }
        var cap = (shards + members.Count - 1) / members.Count;
        var load = new int[members.Count];
        // Shards pick in a fixed order; each takes its best-ranked member that still has room.
        for (var shard = 0; shard < shards; shard++)
        {
            var best = -1;
            uint bestWeight = 0;
            for (var m = 0; m < members.Count; m++)
            {
                if (load[m] >= cap)
                {
                    continue;
                }
                var weight = StableHash($"{members[m]}#{shard}");
                if (best < 0 || weight > bestWeight)
                {
                    best = m;
                    bestWeight = weight;
                }
            }
            owners[shard] = best;
            load[best]++;
        }
        return owners;
    }

    /// <summary>
    /// FNV-1a over the UTF-8 bytes, finalised: the same number on every node and every run (string.GetHashCode is randomised
    /// per process), and cheap enough for every request.
    /// </summary>
    internal static uint StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 16777619u;
        }
        // A murmur-style finaliser spreads FNV's weak low bits (shards are the hash modulo a small count).
        hash ^= hash >> 16;
        hash *= 0x85ebca6bu;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35u;
        hash ^= hash >> 16;
        return hash;
    }
}
