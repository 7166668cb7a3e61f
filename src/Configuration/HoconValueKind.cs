namespace ActorRpc.Configuration;

/// <summary>The type of a resolved HOCON value.</summary>
public enum HoconValueKind
{
    /// <summary>An object: named fields.</summary>
    Object,

    /// <summary>An array: ordered elements.</summary>
    Array,

    /// <summary>A quoted, unquoted, multi-line or concatenated string.</summary>
    String,

    /// <summary>A number, kept as it was written.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary><c>null</c>.</summary>
    Null,
}
