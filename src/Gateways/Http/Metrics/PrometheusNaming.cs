using System.Globalization;
using System.Text;

namespace ActorRpc.Gateways.Http.Metrics;

/// <summary>How a Prometheus metric family presents an instrument.</summary>
internal enum PrometheusType
{
    /// <summary>Counters and observable counters: monotonic, named <c>..._total</c>.</summary>
    Counter,

    /// <summary>Up-down counters, gauges and their observable forms: a current value.</summary>
    Gauge,

    /// <summary>Histograms: <c>_bucket{le=…}</c>, <c>_sum</c>, <c>_count</c>.</summary>
    Histogram,
}

/// <summary>
/// OpenTelemetry names to Prometheus names, after OpenTelemetry's Prometheus compatibility rules: characters other
/// than letters, digits, <c>_</c> and <c>:</c> become <c>_</c> (runs collapsed), the unit is appended as a word
/// (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, <c>{annotations}</c> dropped), counters end in
/// <c>_total</c>. One addition keeps <c>promtool check metrics</c> quiet: a gauge whose name would end in a suffix
/// Prometheus reserves for other types (<c>_total</c>, <c>_count</c>, <c>_sum</c>, <c>_bucket</c>) gets
/// <c>_current</c> appended (<c>dotnet.timer.count</c> → <c>dotnet_timer_count_current</c>).
/// </summary>
internal static class PrometheusNaming
{
    /// <summary>Units written as words (UCUM case-sensitive codes, as OpenTelemetry uses them).</summary>
    private static readonly Dictionary<string, string> s_units = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tebibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    /// <summary>Units after a slash (<c>By/s</c> → <c>bytes_per_second</c>).</summary>
    private static readonly Dictionary<string, string> s_perUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["min"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    /// <summary>Suffixes a gauge must not end with.</summary>
    private static readonly string[] s_reservedSuffixes = ["_total", "_count", "_sum", "_bucket"];

    /// <summary>The Prometheus name of an instrument, e.g. <c>actorrpc.rpc.call.duration</c> in <c>s</c> → <c>actorrpc_rpc_call_duration_seconds</c>.</summary>
    public static string MetricName(string instrumentName, string? unit, PrometheusType type)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        if (type == PrometheusType.Counter && name.EndsWith("_total", StringComparison.Ordinal) && name.Length > "_total".Length)
        {
            // Put back after the unit: requests.total in s → requests_seconds_total.
            name = name[..^"_total".Length];
        }
        var suffix = UnitSuffix(unit, type);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }
        switch (type)
        {
            case PrometheusType.Counter when !name.EndsWith("_total", StringComparison.Ordinal):
                name += "_total";
                break;
            case PrometheusType.Gauge when Array.Exists(s_reservedSuffixes, s => name.EndsWith(s, StringComparison.Ordinal)):
                name += "_current";
                break;
        }
        return name;
    }

    /// <summary>The label name of a tag: <c>rpc.method</c> → <c>rpc_method</c>.</summary>
    public static string LabelName(string tagKey)
    {
        var name = Sanitize(tagKey, allowColon: false);
        // "le" and "quantile" belong to histograms and summaries; a tag of that name would clash with them.
        return name is "le" or "quantile" ? "tag_" + name : name;
    }

    /// <summary>The word for a unit (empty when it has none or only an annotation such as <c>{call}</c>).</summary>
    public static string UnitSuffix(string? unit, PrometheusType type)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return "";
        }
        var plain = StripAnnotations(unit).Trim();
        if (plain.Length == 0)
        {
            return "";
        }
        if (plain == "1")
        {
            return type == PrometheusType.Gauge ? "ratio" : "";
        }
        var slash = plain.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var over = Word(plain[..slash], s_units);
            var under = Word(plain[(slash + 1)..], s_perUnits);
            return over.Length == 0 ? (under.Length == 0 ? "" : "per_" + under) : under.Length == 0 ? over : over + "_per_" + under;
        }
        return Word(plain, s_units);
    }

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    escaped.Append(@"\\");
                    break;
                case '"':
                    escaped.Append("\\\"");
                    break;
                case '\n':
                    escaped.Append(@"\n");
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }

    /// <summary>Escapes <c># HELP</c> text: backslash and line feed.</summary>
    public static string EscapeHelp(string help) => help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    /// <summary>A tag value as label text: strings as they are, numbers and dates in the invariant culture, null as empty.</summary>
    public static string LabelValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// The label text of a series without braces, e.g. <c>rpc_method="sample::echo",code="CR_OK"</c>; tags whose
    /// label names coincide after sanitising are joined into one label with <c>;</c> between the values.
    /// </summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }
        var labels = new List<(string Name, string Value)>(tags.Length);
        foreach (var tag in tags)
        {
            var name = LabelName(tag.Key);
            var value = LabelValue(tag.Value);
            var index = labels.FindIndex(l => l.Name == name);
            if (index >= 0)
            {
                labels[index] = (name, labels[index].Value + ";" + value);
            }
            else
            {
                labels.Add((name, value));
            }
        }
        var text = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
        }
        return text.ToString();
    }

    /// <summary>Formats a number as Prometheus reads it: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatDouble(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Word(string unit, Dictionary<string, string> words) =>
        words.TryGetValue(unit, out var word) ? word : Sanitize(unit, allowColon: false).Trim('_');

    private static string StripAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit;
        }
        var plain = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                plain.Append(c);
            }
        }
        return plain.ToString();
    }

    /// <summary>Letters, digits and <c>_</c> (and <c>:</c> in metric names) stay; anything else becomes <c>_</c>; runs of <c>_</c> collapse; a leading digit gets a <c>_</c> before it.</summary>
    private static string Sanitize(string name, bool allowColon)
    {
        var text = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var keep = char.IsAsciiLetterOrDigit(c) || (allowColon && c == ':');
            var next = keep ? c : '_';
            if (next == '_' && text.Length > 0 && text[^1] == '_')
            {
                continue;
            }
            text.Append(next);
        }
        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }
        return text.ToString();
    }
}
