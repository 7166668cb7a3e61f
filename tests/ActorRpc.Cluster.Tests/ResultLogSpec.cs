using ActorRpc.Cluster.Records;

namespace ActorRpc.Cluster.Tests;

/// <summary>How far back a joining node reads the results stream.</summary>
public sealed class ResultLogSpec
{
    [Fact]
    public void A_joiner_reads_back_the_request_timeout_and_a_minute_for_clocks()
    {
        // The defaults: 30 s requests, 10 min retention → 90 s, not the 10 minutes retained.
        Assert.Equal(TimeSpan.FromSeconds(90), ResultLog.LookBack(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void A_joiner_never_reads_back_further_than_what_is_retained()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), ResultLog.LookBack(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2)));
    }
}
