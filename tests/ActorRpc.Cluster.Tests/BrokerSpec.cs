using RabbitMQ.Client;

namespace ActorRpc.Cluster.Tests;

[Collection(BrokerCollection.Name)]
public sealed class BrokerSpec(BrokerFixture fixture)
{
    [Fact]
    public async Task The_broker_confirms_a_persistent_message_routed_to_a_durable_queue()
    {
        var factory = new ConnectionFactory { Uri = new Uri(fixture.Broker.AmqpUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = $"spec.{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);

        // Mandatory: an unroutable message would throw instead of being confirmed and dropped.
        await channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { Persistent = true }, "hello"u8.ToArray());

        var declared = await channel.QueueDeclarePassiveAsync(queue);
        Assert.Equal(1u, declared.MessageCount);
        await channel.QueueDeleteAsync(queue);
    }
}
