namespace ActorRpc.Configuration.Tests;

public sealed class HoconValuesTests
{
    [Theory]
    [InlineData("100ms", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("100", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("5 s", 5 * TimeSpan.TicksPerSecond)]
    [InlineData(" 5 seconds ", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("1 second", TimeSpan.TicksPerSecond)]
    [InlineData("2 minutes", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("2m", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("1h", TimeSpan.TicksPerHour)]
    [InlineData("3 hours", 3 * TimeSpan.TicksPerHour)]
    [InlineData("1d", TimeSpan.TicksPerDay)]
    [InlineData("2 days", 2 * TimeSpan.TicksPerDay)]
    [InlineData("1.5h", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("500us", 5000)]
    [InlineData("250 micros", 2500)]
    [InlineData("1500ns", 15)]
    [InlineData("3 millis", 3 * TimeSpan.TicksPerMillisecond)]
    [InlineData("-1s", -TimeSpan.TicksPerSecond)]
    public void ParseDuration_follows_hocon_duration_units(string text, long ticks)
    {
        Assert.Equal(TimeSpan.FromTicks(ticks), HoconValues.ParseDuration(text));
    }

    [Theory]
    [InlineData("10 bytes", 10L)]
    [InlineData("10", 10L)]
    [InlineData("10B", 10L)]
    [InlineData("512k", 512L * 1024)]
    [InlineData("512K", 512L * 1024)]
    [InlineData("1 KiB", 1024L)]
    [InlineData("2 kibibytes", 2048L)]
    [InlineData("1kB", 1000L)]
    [InlineData("3 kilobytes", 3000L)]
    [InlineData("64 MiB", 64L * 1024 * 1024)]
    [InlineData("1M", 1024L * 1024)]
    [InlineData("1MB", 1_000_000L)]
    [InlineData("2 megabytes", 2_000_000L)]
    [InlineData("1 GiB", 1024L * 1024 * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("1GB", 1_000_000_000L)]
    [InlineData("1TiB", 1024L * 1024 * 1024 * 1024)]
    [InlineData("1 TB", 1_000_000_000_000L)]
    [InlineData("1.5K", 1536L)]
    [InlineData("1e", 1024L * 1024 * 1024 * 1024 * 1024 * 1024)]
    public void ParseSize_follows_hocon_size_units(string text, long bytes)
    {
        Assert.Equal(bytes, HoconValues.ParseSize(text));
    }

    [Theory]
    [InlineData("5 S", "'5 S' is not a valid duration: unknown unit 'S'; use ns, us, ms, s, m, h or d (or nanoseconds, microseconds, milliseconds, seconds, minutes, hours, days)")]
    [InlineData("5 weeks", "'5 weeks' is not a valid duration: unknown unit 'weeks'; use ns, us, ms, s, m, h or d (or nanoseconds, microseconds, milliseconds, seconds, minutes, hours, days)")]
    [InlineData("ms", "'ms' is not a valid duration: expected a number followed by an optional unit (ns, us, ms, s, m, h or d (or nanoseconds, microseconds, milliseconds, seconds, minutes, hours, days))")]
    [InlineData("", "'' is not a valid duration: expected a number followed by an optional unit (ns, us, ms, s, m, h or d (or nanoseconds, microseconds, milliseconds, seconds, minutes, hours, days))")]
    [InlineData("1.2.3s", "'1.2.3s' is not a valid duration: expected a number followed by an optional unit (ns, us, ms, s, m, h or d (or nanoseconds, microseconds, milliseconds, seconds, minutes, hours, days))")]
    [InlineData("99999999999999 d", "'99999999999999 d' is out of range for a duration")]
    public void ParseDuration_rejects_bad_values_with_a_clear_message(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => HoconValues.ParseDuration(text)).Message);
    }

    [Theory]
    [InlineData("1 KB", "'1 KB' is not a valid size in bytes: unknown unit 'KB'; use B, K/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of 1024) or kB, MB, GB, TB, PB, EB (powers of 1000)")]
    [InlineData("1 mb", "'1 mb' is not a valid size in bytes: unknown unit 'mb'; use B, K/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of 1024) or kB, MB, GB, TB, PB, EB (powers of 1000)")]
    [InlineData("MiB", "'MiB' is not a valid size in bytes: expected a number followed by an optional unit (B, K/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of 1024) or kB, MB, GB, TB, PB, EB (powers of 1000))")]
    [InlineData("-1 KiB", "'-1 KiB' is not a valid size in bytes: it is negative")]
    [InlineData("8 EiB", "'8 EiB' is out of range for a size in bytes")]
    [InlineData("1 YiB", "'1 YiB' is out of range for a size in bytes")]
    public void ParseSize_rejects_bad_values_with_a_clear_message(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => HoconValues.ParseSize(text)).Message);
    }

    [Fact]
    public void Documents_read_durations_and_sizes_kept_as_strings()
    {
        var document = Hocon.Parse("timeout = 100ms\nlimit = 64 MiB\nplain = 250");

        Assert.Equal("100ms", document.GetString("timeout"));
        Assert.Equal("64 MiB", document.GetString("limit"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), document.GetDuration("timeout"));
        Assert.Equal(64L * 1024 * 1024, document.GetSize("limit"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), document.GetDuration("plain"));
    }
}
