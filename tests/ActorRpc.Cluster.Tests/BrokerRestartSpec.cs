using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace ActorRpc.Cluster.Tests;

/// <summary>Restarts its broker, so it has its own (a class fixture) instead of the collection's shared one;
/// as a collection of its own it also runs beside the shared-broker tests.</summary>
public sealed class BrokerRestartSpec(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private RabbitBroker Broker => fixture.Broker;

    [Fact]
    public async Task A_durable_queue_still_holds_a_confirmed_persistent_message_after_a_restart()
    {
        var queue = $"restart.{Guid.NewGuid():N}";
        var message = Guid.NewGuid().ToString();
        await PublishPersistentAsync(queue, message);

        var restart = Stopwatch.StartNew();
        await Broker.RestartAsync();
        output.WriteLine($"SIGTERM, exit and start again until ready: {restart.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(message, await GetAsync(queue));
    }

    [Fact]
    public async Task A_durable_queue_still_holds_a_confirmed_persistent_message_after_the_broker_is_SIGKILLed_and_restarted()
    {
        var queue = $"crash.{Guid.NewGuid():N}";
        var message = Guid.NewGuid().ToString();
        await PublishPersistentAsync(queue, message);
        // The confirm covers the message, not the queue's declaration, which Mnesia writes out a moment later; killed
        // before that (one run in six here, without this line), the broker comes back without the queue.
        await Broker.SyncMetadataAsync();

        Broker.Kill();
        var restart = Stopwatch.StartNew();
        await Broker.RestartAsync();
        output.WriteLine($"start after SIGKILL until ready: {restart.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(message, await GetAsync(queue));
    }

    private async Task PublishPersistentAsync(string queue, string message)
    {
        var factory = new ConnectionFactory { Uri = new Uri(Broker.AmqpUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { Persistent = true }, Encoding.UTF8.GetBytes(message));
    }

    private async Task<string?> GetAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(Broker.AmqpUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var got = await channel.BasicGetAsync(queue, autoAck: true);
        return got is null ? null : Encoding.UTF8.GetString(got.Body.Span);
    }
}
