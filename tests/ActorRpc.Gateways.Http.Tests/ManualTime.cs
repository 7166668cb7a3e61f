namespace ActorRpc.Gateways.Http.Tests;

/// <summary>A clock the test moves by hand (bans last an hour; no test waits that long).</summary>
public sealed class ManualTime : TimeProvider
{
    /// <summary>Now.</summary>
    private DateTimeOffset _now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
