using ActorRpc.Actors.Router;
using ActorRpc.Cluster.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ActorRpc.Cluster.Tests;

/// <summary>
/// A cluster call's deadline is the request's acceptance plus the timeout, in wall-clock time, so it holds through a
/// pause of the whole process. The pause is played by a clock moved forward while no timer runs, as after SIGCONT.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class DeadlineSpec(BrokerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly MovableClock _clock = new();
    private readonly string _queue = $"deadline.{Guid.NewGuid():N}";
    private RabbitLink _link = null!;
    private IConnection _executor = null!;

    public async Task InitializeAsync()
    {
        _link = await RabbitLink.ConnectAsync(new Uri(fixture.Broker.AmqpUri), "deadline-spec", TimeSpan.FromSeconds(5), NullLogger.Instance, _clock, CancellationToken.None);
        await _link.DeclareAsync(channel => channel.QueueDeclareAsync(_queue, durable: false, exclusive: false, autoDelete: false));
        _executor = await new ConnectionFactory { Uri = new Uri(fixture.Broker.AmqpUri) }.CreateConnectionAsync();
    }

    public async Task DisposeAsync()
    {
        await _link.DisposeAsync();
        await _executor.DisposeAsync();
    }

    [Fact]
    public async Task A_request_accepted_longer_ago_than_the_timeout_is_refused_at_once_and_never_sent()
    {
        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => AcceptedAtAsync(_clock.GetUtcNow() - s_timeout - TimeSpan.FromSeconds(1), CallAsync));

        Assert.Equal("no answer from the cluster within 30 s of accepting the request", error.Message);
        await using var channel = await _executor.CreateChannelAsync();
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(_queue)).MessageCount);
    }

    [Fact]
    public async Task A_reply_that_comes_after_a_pause_past_the_deadline_is_a_timeout_while_the_same_reply_in_time_is_the_answer()
    {
        var gate = await ExecuteAsync();

        var inTime = CallAsync();
        (await gate.Received).SetResult();
        Assert.Equal("done"u8.ToArray(), await inTime);

        var paused = CallAsync();
        var release = await gate.Received;
        // The process was frozen past the deadline; on SIGCONT the reply is read before any timer has run.
        _clock.Move(s_timeout + TimeSpan.FromSeconds(1));
        release.SetResult();
        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => paused);

        Assert.Equal("no answer from the cluster within 30 s of accepting the request", error.Message);
    }

    private Task<byte[]> CallAsync() => _link.CallAsync(_queue, Guid.NewGuid().ToString("N"), "test", "work"u8.ToArray(), changesState: false, s_timeout);

    /// <summary>Runs <paramref name="call"/> as part of a request accepted at <paramref name="accepted"/>.</summary>
    private static async Task<T> AcceptedAtAsync<T>(DateTimeOffset accepted, Func<Task<T>> call)
    {
        RequestClock.Accept(accepted);
        return await call();
    }

    /// <summary>An executor that answers "done" to each request once the test releases it.</summary>
    private async Task<Gate> ExecuteAsync()
    {
        var gate = new Gate();
        var channel = await _executor.CreateChannelAsync();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            gate.Arrived(release);
            await release.Task;
            await channel.BasicPublishAsync(string.Empty, delivery.BasicProperties.ReplyTo!, mandatory: false,
                new BasicProperties { CorrelationId = delivery.BasicProperties.CorrelationId }, "done"u8.ToArray());
        };
        await channel.BasicConsumeAsync(_queue, autoAck: true, consumer);
        return gate;
    }

    /// <summary>Hands the test each request's release as it arrives.</summary>
    private sealed class Gate
    {
        private readonly System.Threading.Channels.Channel<TaskCompletionSource> _arrivals = System.Threading.Channels.Channel.CreateUnbounded<TaskCompletionSource>();

        public void Arrived(TaskCompletionSource release) => _arrivals.Writer.TryWrite(release);

        public Task<TaskCompletionSource> Received => _arrivals.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Wall-clock time a test can move forward; timers are the system's (they do not see the move).</summary>
    private sealed class MovableClock : TimeProvider
    {
        private long _offset;

        public void Move(TimeSpan by) => Interlocked.Add(ref _offset, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offset));
    }
}
