namespace ActorRpc.Cluster.Tests;

/// <summary>A private broker and three nodes, started one after another as an operator would.</summary>
public sealed class ThreeNodeFixture : IAsyncLifetime
{
    private RabbitBroker? _broker;
    private LocalCluster? _cluster;

    internal LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("Started in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _broker = await RabbitBroker.StartAsync();
        _cluster = new LocalCluster(_broker);
        _cluster.Start("n1");
        _cluster.Start("n2");
        _cluster.Start("n3");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
