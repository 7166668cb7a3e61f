using System.Globalization;

namespace ActorRpc.Testing;

/// <summary>
/// Default waits of the TestKit, all multiplied by the <c>ACTORRPC_TEST_TIMEFACTOR</c> environment variable
/// (e.g. 3 on a slow CI machine). Waits end as soon as their condition holds; the factor only stretches
/// how long a failing expectation waits before it reports.
/// </summary>
public static class TestKitTimeouts
{
    /// <summary>The environment variable read once at start.</summary>
    public const string TimeFactorVariable = "ACTORRPC_TEST_TIMEFACTOR";

    /// <summary>The factor (1 when unset or unreadable; never below 1).</summary>
    public static double TimeFactor { get; } = ReadFactor();

    /// <summary>How long an expectation waits for a message by default.</summary>
    public static TimeSpan DefaultExpect => Dilated(TimeSpan.FromSeconds(3));

    /// <summary>How long <c>ExpectNoMsg</c> watches by default.</summary>
    public static TimeSpan DefaultNoMessage => Dilated(TimeSpan.FromMilliseconds(200));

    /// <summary>How long a <c>TestKit</c> waits for its system to terminate at the end of a test.</summary>
    public static TimeSpan DefaultShutdown => Dilated(TimeSpan.FromSeconds(10));

    /// <summary><paramref name="duration"/> stretched by <see cref="TimeFactor"/>.</summary>
    public static TimeSpan Dilated(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TimeFactor));

    private static double ReadFactor()
    {
        var raw = Environment.GetEnvironmentVariable(TimeFactorVariable);
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor >= 1 ? factor : 1;
    }
}
