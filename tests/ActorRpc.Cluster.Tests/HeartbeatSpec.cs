using System.Text;
using System.Text.Json;
using ActorRpc.Cluster.Membership;
using ActorRpc.Cluster.Records;

namespace ActorRpc.Cluster.Tests;

/// <summary>
/// The membership heartbeat on the wire (no broker needed): a node's count of commands run reaches the member the
/// others see, and a beat from an older node, which lacks the field, reads as 0.
/// </summary>
public sealed class HeartbeatSpec
{
    [Fact]
    public void A_beat_carries_the_nodes_commands_run_into_the_member_the_others_see()
    {
        var beat = new Heartbeat("n2", "1.0.0", DateTimeOffset.UnixEpoch, Leaving: false, [3, 7], ["alpha"], ["sample"], CommandsRun: 12_345_678_901);

        var bytes = JsonSerializer.SerializeToUtf8Bytes(beat, ClusterJson.Options);
        var member = JsonSerializer.Deserialize<Heartbeat>(bytes, ClusterJson.Options)!.AsMember();

        Assert.Contains("\"commandsRun\":12345678901", Encoding.UTF8.GetString(bytes));
        Assert.Equal(12_345_678_901, member.CommandsRun);
        Assert.Equal("n2", member.NodeName);
        Assert.False(member.Self);
        Assert.Equal([3, 7], member.Shards);
        Assert.Equal(["alpha"], member.Bots);
        Assert.Equal(["sample"], member.Plugins);
    }

    [Fact]
    public void A_beat_from_an_older_node_without_the_count_reads_as_0()
    {
        const string older = """{"node":"n3","version":"0.9.0","startedAt":"2025-01-01T00:00:00+00:00","leaving":false,"shards":[1],"bots":[],"plugins":["sample"]}""";

        var member = JsonSerializer.Deserialize<Heartbeat>(older, ClusterJson.Options)!.AsMember();

        Assert.Equal(0, member.CommandsRun);
        Assert.Equal("n3", member.NodeName);
        Assert.Equal([1], member.Shards);
    }
}
