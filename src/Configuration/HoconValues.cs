using System.Globalization;

namespace ActorRpc.Configuration;

/// <summary>
/// Reads HOCON's unit formats from configuration strings: durations (<c>100ms</c>, <c>5 s</c>, <c>2 minutes</c>) and
/// sizes in bytes (<c>64 MiB</c>, <c>1MB</c>, <c>512k</c>). A value is a number, optional whitespace and an optional
/// unit made of letters.
/// </summary>
public static class HoconValues
{
    private const string DurationUnitsHelp = "ns, us, ms, s, m, h or d (or nanoseconds, microseconds, milliseconds, seconds, minutes, hours, days)";
    private const string SizeUnitsHelp = "B, K/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of 1024) or kB, MB, GB, TB, PB, EB (powers of 1000)";

    // Nanoseconds per unit; HOCON duration units are case sensitive and lowercase.
    private static readonly Dictionary<string, decimal> s_durationUnits = BuildUnits(
        (1m, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]),
        (1_000m, ["us", "micro", "micros", "microsecond", "microseconds"]),
        (1_000_000m, ["", "ms", "milli", "millis", "millisecond", "milliseconds"]),
        (1_000_000_000m, ["s", "second", "seconds"]),
        (60_000_000_000m, ["m", "minute", "minutes"]),
        (3_600_000_000_000m, ["h", "hour", "hours"]),
        (86_400_000_000_000m, ["d", "day", "days"]));

    private static readonly Dictionary<string, decimal> s_sizeUnits = BuildSizeUnits();

    /// <summary>Parses a HOCON duration; a bare number is in milliseconds.</summary>
    /// <param name="value">E.g. <c>100ms</c>, <c>5 s</c>, <c>2 minutes</c>, <c>1.5h</c>, <c>1d</c>.</param>
    /// <returns>The duration, truncated to whole ticks (100 ns).</returns>
    /// <exception cref="FormatException">The number or the unit is not valid, or the duration is out of range.</exception>
    public static TimeSpan ParseDuration(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (number, unit) = Split(value, "duration", DurationUnitsHelp);
        if (!s_durationUnits.TryGetValue(unit, out var nanoseconds))
        {
            throw new FormatException($"'{value}' is not a valid duration: unknown unit '{unit}'; use {DurationUnitsHelp}");
        }

        var ticks = Multiply(value, number, nanoseconds / 100m, "duration");
        return TimeSpan.FromTicks(ticks);
    }

    /// <summary>Parses a HOCON size in bytes; a bare number is in bytes.</summary>
    /// <param name="value">E.g. <c>64 MiB</c>, <c>1MB</c>, <c>512k</c>, <c>10 bytes</c>.</param>
    /// <returns>The number of bytes, truncated to a whole byte.</returns>
    /// <exception cref="FormatException">The number or the unit is not valid, the size is negative or too large.</exception>
    public static long ParseSize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (number, unit) = Split(value, "size in bytes", SizeUnitsHelp);
        if (!s_sizeUnits.TryGetValue(unit, out var bytes))
        {
            throw new FormatException($"'{value}' is not a valid size in bytes: unknown unit '{unit}'; use {SizeUnitsHelp}");
        }

        if (number < 0)
        {
            throw new FormatException($"'{value}' is not a valid size in bytes: it is negative");
        }

        return Multiply(value, number, bytes, "size in bytes");
    }

    /// <summary>Splits "number [whitespace] letters" into the number and the unit (possibly empty).</summary>
    private static (decimal Number, string Unit) Split(string value, string what, string unitsHelp)
    {
        var trimmed = value.Trim();
        var unitStart = trimmed.Length;
        while (unitStart > 0 && char.IsLetter(trimmed[unitStart - 1]))
        {
            unitStart--;
        }

        var numberText = trimmed[..unitStart].TrimEnd();
        if (numberText.Length == 0
            || !decimal.TryParse(numberText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"'{value}' is not a valid {what}: expected a number followed by an optional unit ({unitsHelp})");
        }

        return (number, trimmed[unitStart..]);
    }

    private static long Multiply(string value, decimal number, decimal factor, string what)
    {
        try
        {
            var product = decimal.Truncate(number * factor);
            if (product is >= long.MinValue and <= long.MaxValue)
            {
                return (long)product;
            }
        }
        catch (OverflowException)
        {
        }

        throw new FormatException($"'{value}' is out of range for a {what}");
    }

    private static Dictionary<string, decimal> BuildSizeUnits()
    {
        var units = new List<(decimal, string[])> { (1m, ["", "B", "b", "byte", "bytes"]) };
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string Letters = "KMGTPEZY";
        decimal powerOfTen = 1m;
        decimal powerOfTwo = 1m;
        for (var i = 0; i < Letters.Length; i++)
        {
            powerOfTen *= 1000m;
            powerOfTwo *= 1024m;
            var letter = Letters[i].ToString();
            var decimalSymbol = i == 0 ? "kB" : letter + "B";
            units.Add((powerOfTen, [decimalSymbol, decimalNames[i] + "byte", decimalNames[i] + "bytes"]));
            units.Add((powerOfTwo, [letter, letter.ToLowerInvariant(), letter + "i", letter + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes"]));
        }

        return BuildUnits([.. units]);
    }

    private static Dictionary<string, decimal> BuildUnits(params (decimal Factor, string[] Names)[] units)
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (factor, names) in units)
        {
            foreach (var name in names)
            {
                map.Add(name, factor);
            }
        }

        return map;
    }
}
