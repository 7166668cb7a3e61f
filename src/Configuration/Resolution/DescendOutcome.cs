namespace ActorRpc.Configuration.Resolution;

/// <summary>What an assignment at or above a path means for the value at that path.</summary>
internal enum DescendOutcome
{
    /// <summary>The assignment says nothing about the path (undefined, or an object without that field).</summary>
    NoEffect,

    /// <summary>The assignment holds a value at the path.</summary>
    Found,

    /// <summary>The assignment put a non-object at or above the path, hiding older values.</summary>
    Hidden,
}
