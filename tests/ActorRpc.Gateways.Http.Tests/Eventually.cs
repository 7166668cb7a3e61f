namespace ActorRpc.Gateways.Http.Tests;

/// <summary>Waits for a condition by polling until a deadline (stretched by ACTORRPC_TEST_TIMEFACTOR): no fixed sleeps.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TestKitTimeouts.Dilated(TimeSpan.FromSeconds(10));

    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {(limit ?? DefaultLimit).TotalSeconds:0.#} s for {what}, in vain.");
            }
            await Task.Delay(20);
        }
    }

    public static Task True(Func<bool> condition, string what, TimeSpan? limit = null) =>
        True(() => Task.FromResult(condition()), what, limit);
}
