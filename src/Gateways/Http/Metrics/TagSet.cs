namespace ActorRpc.Gateways.Http.Metrics;

/// <summary>
/// The tags of one series as a dictionary key: a copy of the measurement's tags, made once when the series is
/// created. Two tag sets are equal when they hold the same keys with equal values, in any order.
/// </summary>
internal sealed class TagSet
{
    public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Tags = tags.ToArray();
        Hash = TagSetComparer.HashOf(tags);
    }

    /// <summary>The tags, in the order of the measurement that created the series.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>The order-independent hash (see <see cref="TagSetComparer.HashOf"/>).</summary>
    public int Hash { get; }
}

/// <summary>A measurement's tags, looked up in a series dictionary without copying them.</summary>
internal readonly ref struct TagSpan(ReadOnlySpan<KeyValuePair<string, object?>> tags)
{
    public ReadOnlySpan<KeyValuePair<string, object?>> Tags { get; } = tags;
}

/// <summary>
/// Compares tag sets regardless of tag order, and lets a <see cref="TagSpan"/> stand for a <see cref="TagSet"/>
/// (an alternate key), so that finding the series of a measurement allocates nothing.
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<TagSpan, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    private TagSetComparer()
    {
    }

    /// <summary>A hash that does not depend on the order of the tags: the sum of each tag's hash.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash += HashCode.Combine(tag.Key, tag.Value);
        }
        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && Same(x.Tags, y.Tags));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(TagSpan alternate, TagSet other) => Same(alternate.Tags, other.Tags);

    public int GetHashCode(TagSpan alternate) => HashOf(alternate.Tags);

    public TagSet Create(TagSpan alternate) => new(alternate.Tags);

    /// <summary>Same length, and every tag of <paramref name="a"/> is in <paramref name="b"/> (few tags: a scan beats a set).</summary>
    private static bool Same(ReadOnlySpan<KeyValuePair<string, object?>> a, ReadOnlySpan<KeyValuePair<string, object?>> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (var i = 0; i < a.Length; i++)
        {
            // The usual case: the same tags in the same order.
            if (string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) && Equals(a[i].Value, b[i].Value))
            {
                continue;
            }
            var found = false;
            foreach (var tag in b)
            {
                if (string.Equals(a[i].Key, tag.Key, StringComparison.Ordinal) && Equals(a[i].Value, tag.Value))
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }
}
