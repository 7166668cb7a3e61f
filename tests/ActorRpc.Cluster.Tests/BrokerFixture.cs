namespace ActorRpc.Cluster.Tests;

/// <summary>One private broker for a test collection (or class), started before its first test and removed after its last.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private RabbitBroker? _broker;

    public RabbitBroker Broker => _broker ?? throw new InvalidOperationException("The broker is started in InitializeAsync.");

    public async Task InitializeAsync() => _broker = await RabbitBroker.StartAsync();

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
