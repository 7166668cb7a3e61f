namespace ActorRpc.Configuration.Parsing;

/// <summary>
/// The file (or in-memory text) being parsed: its name for messages, its directory for relative includes, and the
/// chain of files that included it, for cycle detection.
/// </summary>
internal sealed record HoconSourceContext(string DisplayName, string? FullPath, string Directory, HoconSourceContext? IncludedBy)
{
    private static readonly StringComparer s_pathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>True when <paramref name="fullPath"/> is this file or one of the files that included it.</summary>
    public bool IsInChain(string fullPath)
    {
        for (var source = this; source is not null; source = source.IncludedBy)
        {
            if (source.FullPath is not null && s_pathComparer.Equals(source.FullPath, fullPath))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The display names from the outermost file down to this one.</summary>
    public IEnumerable<string> Chain()
    {
        var names = new List<string>();
        for (var source = this; source is not null; source = source.IncludedBy)
        {
            names.Add(source.DisplayName);
        }

        names.Reverse();
        return names;
    }
}
