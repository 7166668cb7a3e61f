namespace ActorRpc.Configuration.Parsing;

/// <summary>Finds, reads and parses the files named by an include statement.</summary>
internal static class HoconIncludeLoader
{
    /// <summary>
    /// Returns the fields of the included file(s), or none when the file is missing and not required. A name without
    /// an extension loads <c>name.json</c> then <c>name.conf</c> (HOCON last, so it wins), or the bare name.
    /// </summary>
    public static IReadOnlyList<SyntaxField> Load(
        string name, bool required, HoconSourceContext including, SourcePosition at, IReadOnlyList<string> fixupPrefix)
    {
        if (name.Contains("://", StringComparison.Ordinal))
        {
            throw at.Error($"cannot include '{name}': only files can be included, not URLs");
        }

        if (name.Length == 0)
        {
            throw at.Error("include needs a file name but found an empty string");
        }

        var basePath = Path.IsPathRooted(name) ? name : Path.Combine(including.Directory, name);
        var baseDisplay = Path.IsPathRooted(name) ? name : Path.Join(Path.GetDirectoryName(including.DisplayName), name);
        string[] extensions = Path.HasExtension(name) ? [""] : [".json", ".conf"];
        var found = extensions.Where(extension => File.Exists(basePath + extension)).ToList();
        if (found.Count == 0 && !Path.HasExtension(name) && File.Exists(basePath))
        {
            found.Add("");
        }

        if (found.Count == 0)
        {
            if (required)
            {
                var lookedFor = string.Join(", ", extensions.Select(extension => Path.GetFullPath(basePath + extension)));
                throw at.Error($"could not find the required include '{name}' (looked for {lookedFor})");
            }

            return [];
        }

        var fields = new List<SyntaxField>();
        foreach (var extension in found)
        {
            var fullPath = Path.GetFullPath(basePath + extension);
            var display = baseDisplay + extension;
            if (including.IsInChain(fullPath))
            {
                throw at.Error($"include cycle: {string.Join(" -> ", including.Chain().Append(display))}");
            }

            string text;
            try
            {
                text = File.ReadAllText(fullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw at.Error($"could not read the included file '{display}': {e.Message}");
            }

            var source = new HoconSourceContext(display, fullPath, Path.GetDirectoryName(fullPath)!, including);
            fields.AddRange(HoconSyntaxParser.Parse(text, source, fixupPrefix).Fields);
        }

        return fields;
    }
}
