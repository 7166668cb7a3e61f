namespace ActorRpc.Tools.Run;

/// <summary>When text is printed with ANSI colours (<c>--color</c>).</summary>
internal enum ColorMode
{
    /// <summary>When stdout is a terminal and <c>NO_COLOR</c> is not set.</summary>
    Auto,

    /// <summary>Always.</summary>
    Always,

    /// <summary>Never.</summary>
    Never,
}
