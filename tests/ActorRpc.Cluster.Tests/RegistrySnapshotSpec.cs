using System.Net;
using System.Text.Json;

namespace ActorRpc.Cluster.Tests;

/// <summary>
/// A joining node starts from the registry's latest snapshot and the records after it, not from the first record:
/// with snapshots every 10 records, a node that joins after 16 writes (a snapshot, then a delete and a create) knows
/// exactly the bots that exist. A broker of its own: the registry streams must start empty.
/// </summary>
public sealed class RegistrySnapshotSpec(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly Dictionary<string, string?> s_every10 = new() { ["actorrpc__cluster__registry-snapshot-every"] = "10" };

    [Fact]
    public async Task A_node_joining_later_reads_the_latest_snapshot_and_the_records_after_it()
    {
        await using var cluster = new LocalCluster(fixture.Broker);
        cluster.Start("n1", s_every10);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 14; i++)
        {
            await cluster.CreateBotAsync("n1", $"snap-{i:D2}");
            expected.Add($"snap-{i:D2}");
        }
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.OutputOf("n1").Contains("Wrote a registry snapshot", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "n1 writing a registry snapshot");
        // Records after the snapshot that the joiner must replay on top of it: a deletion and a creation.
        using (var deleted = await cluster["n1"].Http.DeleteAsync("/Api/Bot/snap-00"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }
        expected.Remove("snap-00");
        await cluster.CreateBotAsync("n1", "after-snapshot");
        expected.Add("after-snapshot");

        cluster.Start("n2", s_every10);

        Assert.Contains("Read the registry from a snapshot of", cluster.OutputOf("n2"), StringComparison.Ordinal);
        using var bots = JsonDocument.Parse(await cluster["n2"].Http.GetStringAsync("/Api/Bot/ASF"));
        var names = bots.RootElement.GetProperty("Result").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, names);
    }
}
