using System.Collections;

namespace ActorRpc.Configuration;

/// <summary>An immutable array of resolved values.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly HoconValue[] _items;

    /// <summary>Creates an array holding <paramref name="items"/> in order.</summary>
    /// <param name="items">The elements.</param>
    public HoconArray(IEnumerable<HoconValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
    }

    /// <summary>The empty array.</summary>
    public static HoconArray Empty { get; } = new([]);

    /// <inheritdoc />
    public override HoconValueKind Kind => HoconValueKind.Array;

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public HoconValue this[int index] => _items[index];

    /// <summary>Returns a new array with the elements of this one followed by those of <paramref name="other"/>.</summary>
    /// <param name="other">The array to append.</param>
    /// <returns>The concatenation.</returns>
    public HoconArray Concat(HoconArray other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Count == 0 ? this : Count == 0 ? other : new HoconArray([.. _items, .. other._items]);
    }

    /// <inheritdoc />
    public IEnumerator<HoconValue> GetEnumerator() => ((IEnumerable<HoconValue>)_items).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Renders the array as JSON.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => "[" + string.Join(",", _items.Select(item => item.ToString())) + "]";
}
