using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace ActorRpc.Node;

/// <summary>
/// Hands the node file's <c>akka { }</c> section to Akka.NET. Our HOCON reader reads the whole file (with
/// <c>${?ENV}</c> and <c>+=</c>, which Akka 1.5.75's own parser gets wrong); the section it read is written back as
/// flat HOCON paths with every value quoted, which Akka reads as the same strings, numbers, durations and flags.
/// A section whose children are numbered 0, 1, … is a list.
/// </summary>
internal static class AkkaSection
{
    /// <summary>The section as HOCON (<c>akka.a.b = "v"</c> lines), empty when the file has none.</summary>
    public static string ToHocon(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var text = new StringBuilder();
        Write(section, "akka", text);
        return text.ToString();
    }

    private static void Write(IConfigurationSection section, string path, StringBuilder text)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (section.Value is { } value)
            {
                text.Append(path).Append(" = ").Append(Quote(value)).Append('\n');
            }
            return;
        }
        if (IsList(children))
        {
            var items = children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(c => Quote(c.Value ?? string.Empty));
            text.Append(path).Append(" = [").Append(string.Join(", ", items)).Append("]\n");
            return;
        }
        foreach (var child in children)
        {
            Write(child, path + "." + Quote(child.Key), text);
        }
    }

    private static bool IsList(List<IConfigurationSection> children) =>
        children.All(c => c.Value is not null && !c.GetChildren().Any() && int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)) &&
        children.Select(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Order().SequenceEqual(Enumerable.Range(0, children.Count));

    /// <summary>A HOCON quoted string (paths' keys too: a key with a dot or a hyphen stays one key).</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }
        return quoted.Append('"').ToString();
    }
}
