namespace ActorRpc.Configuration;

/// <summary>A resolved HOCON value: a <see cref="HoconObject"/>, a <see cref="HoconArray"/> or a <see cref="HoconScalar"/>.</summary>
public abstract class HoconValue
{
    // Only this assembly defines value kinds, so consumers can switch over them exhaustively.
    private protected HoconValue()
    {
    }

    /// <summary>The type of this value.</summary>
    public abstract HoconValueKind Kind { get; }

    /// <summary>True for objects and arrays, false for strings, numbers, booleans and null.</summary>
    public bool IsComposite => Kind is HoconValueKind.Object or HoconValueKind.Array;
}
