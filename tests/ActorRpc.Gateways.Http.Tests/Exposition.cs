using System.Globalization;
using System.Text;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>One sample line of the Prometheus text format.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string Line);

/// <summary>
/// A strict little parser of the Prometheus text exposition format (0.0.4), enough to check what <c>/metrics</c>
/// writes: <c># HELP</c> / <c># TYPE</c> lines, samples with escaped label values, no timestamps.
/// </summary>
public sealed class Exposition
{
    private Exposition(string text, List<Sample> samples, Dictionary<string, string> types, Dictionary<string, string> help, List<string> headerNames)
    {
        Text = text;
        Samples = samples;
        Types = types;
        Help = help;
        HeaderNames = headerNames;
    }

    public string Text { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Family name → type, from <c># TYPE</c>.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Family name → help text (unescaped), from <c># HELP</c>.</summary>
    public IReadOnlyDictionary<string, string> Help { get; }

    /// <summary>The family name of every <c># HELP</c> and <c># TYPE</c> line, repeats included.</summary>
    public IReadOnlyList<string> HeaderNames { get; }

    public static Exposition Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var headers = new List<string>();
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "The exposition does not end with a line feed.");
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                var name = space < 0 ? rest : rest[..space];
                headers.Add("HELP " + name);
                help[name] = space < 0 ? "" : rest[(space + 1)..].Replace(@"\n", "\n", StringComparison.Ordinal).Replace(@"\\", "\\", StringComparison.Ordinal);
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.True(parts.Length == 4, $"Malformed TYPE line: {line}");
                headers.Add("TYPE " + parts[2]);
                types[parts[2]] = parts[3];
            }
            else if (line.StartsWith('#'))
            {
                continue;
            }
            else
            {
                samples.Add(ParseSample(line));
            }
        }
        return new Exposition(text, samples, types, help, headers);
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>, in order of appearance.</summary>
    public IReadOnlyList<Sample> Find(string name, params (string Name, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))];

    /// <summary>The value of the one sample of <paramref name="name"/> with exactly <paramref name="labels"/>; 0 when there is none.</summary>
    public double ValueOrZero(string name, params (string Name, string Value)[] labels)
    {
        var matches = Find(name, labels).Where(s => s.Labels.Count == labels.Length).ToList();
        Assert.True(matches.Count <= 1, $"{matches.Count} samples of {name} with the same labels:\n{string.Join("\n", matches.Select(m => m.Line))}");
        return matches.Count == 0 ? 0 : matches[0].Value;
    }

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }
        var name = line[..i];
        Assert.Matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$", name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var label = line[i..eq];
                Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", label);
                Assert.True(line[eq + 1] == '"', $"Label value not quoted: {line}");
                var value = new StringBuilder();
                i = eq + 2;
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            'n' => '\n',
                            '\\' => '\\',
                            '"' => '"',
                            var other => throw new FormatException($"Bad escape \\{other} in: {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                    i++;
                }
                Assert.True(labels.TryAdd(label, value.ToString()), $"Label {label} twice: {line}");
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }
            i++;
        }
        Assert.True(i < line.Length && line[i] == ' ', $"No space before the value: {line}");
        var text = line[(i + 1)..];
        Assert.DoesNotContain(" ", text);
        var number = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number, line);
    }
}
