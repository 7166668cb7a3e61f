using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorRpc.Akka.Tests;

/// <summary>
/// The base of the Akka specs: Akka.TestKit.Xunit2's <c>TestKit</c> with <c>ACTORRPC_TEST_TIMEFACTOR</c> (the suite's
/// one knob for slow machines, as every other test project reads it) as <c>akka.test.timefactor</c>, so every
/// <c>ExpectMsg</c>, <c>Within</c> and <c>AwaitAssert</c> stretches with it.
/// </summary>
public abstract class AkkaSpec(ITestOutputHelper output) : global::Akka.TestKit.Xunit2.TestKit(Configuration, output: output)
{
    /// <summary>The time factor from the environment (1 when unset or not a positive number).</summary>
    public static double TimeFactor =>
        double.TryParse(Environment.GetEnvironmentVariable("ACTORRPC_TEST_TIMEFACTOR"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var factor) && factor > 0 ? factor : 1;

    private static Config Configuration => ConfigurationFactory.ParseString(
        $"akka.test.timefactor = {TimeFactor.ToString(System.Globalization.CultureInfo.InvariantCulture)}\nakka.loglevel = WARNING");
}
