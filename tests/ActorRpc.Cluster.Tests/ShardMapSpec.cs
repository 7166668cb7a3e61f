using ActorRpc.Cluster.Sharding;

namespace ActorRpc.Cluster.Tests;

/// <summary>Shard placement: the same everywhere, even, and moving little when members change.</summary>
public sealed class ShardMapSpec
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(64)]
    public void Every_member_owns_at_most_the_ceiling_of_its_share(int members)
    {
        var names = Enumerable.Range(1, members).Select(i => $"node{i}").ToList();

        var owners = ShardMap.Owners(64, names);

        Assert.All(owners, o => Assert.InRange(o, 0, members - 1));
        var cap = (64 + members - 1) / members;
        Assert.All(owners.GroupBy(o => o), g => Assert.InRange(g.Count(), 1, cap));
    }

    [Fact]
    public void The_owners_depend_only_on_the_member_set()
    {
        Assert.Equal(ShardMap.Owners(64, ["a", "b", "c"]), ShardMap.Owners(64, ["a", "b", "c"]));
        Assert.Equal(ShardMap.ShardOf("alpha", 64), ShardMap.ShardOf("alpha", 64));
        Assert.InRange(ShardMap.ShardOf("alpha", 64), 0, 63);
    }

    [Fact]
    public void A_third_member_takes_shards_from_both_others_and_leaves_most_where_they_were()
    {
        var two = ShardMap.Owners(64, ["a", "b"]);
        var three = ShardMap.Owners(64, ["a", "b", "c"]);

        var moved = Enumerable.Range(0, 64).Count(s => three[s] != 2 && three[s] != two[s]);
        Assert.True(moved <= 8, $"{moved} shards moved between the two old members");
        Assert.InRange(three.Count(o => o == 2), 20, 22);
    }

    [Fact]
    public void No_members_own_nothing()
    {
        Assert.All(ShardMap.Owners(8, []), o => Assert.Equal(-1, o));
    }
}
