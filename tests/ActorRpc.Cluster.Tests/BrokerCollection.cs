namespace ActorRpc.Cluster.Tests;

/// <summary>The test classes that share one broker: about 6 s to start, so once per collection, never per test.</summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<BrokerFixture>
{
    public const string Name = "broker";
}
