using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace ActorRpc.Cluster.Tests;

/// <summary>
/// The broker restarted 30 times under a connected node (every tenth a restart of the broker's process, the others of
/// its RabbitMQ application): after each, the node answers a state-changing request, and its memory, file handles and
/// channels stay bounded. RabbitMQ.Client 7.1.2's recovery leaked; this is the check that 7.2's does not, and that
/// our own re-subscription after each recovery does not either.
/// </summary>
public sealed class BrokerSoakSpec(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>, IAsyncLifetime
{
    private const int Restarts = 30;

    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync(fixture.Broker, "soak", "n1");
        await _cluster.CreateBotAsync("n1", "soaked");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Thirty_broker_restarts_leave_every_request_after_each_recovery_answered_and_memory_handles_and_channels_bounded()
    {
        var samples = new List<Sample>();
        for (var restart = 1; restart <= Restarts; restart++)
        {
            if (restart % 10 == 0)
            {
                await fixture.Broker.RestartAsync();
            }
            else
            {
                await fixture.Broker.RestartApplicationAsync();
            }
            await Eventually.HoldsAsync(async () => (await _cluster.HealthAsync("n1")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60),
                $"n1 to serve the cluster again after restart {restart}", () => _cluster.Logs());

            // Recovered: a request that changes the bot is answered, once, with its result.
            var verb = restart % 2 == 1 ? "start" : "stop";
            var (status, text) = await _cluster.CommandAsync("n1", $"{verb} soaked");
            Assert.True(status == HttpStatusCode.OK && text == "<soaked> Done!", $"restart {restart}: {verb} answered {(int)status} {text}");

            samples.Add(await SampleAsync(restart));
            output.WriteLine(samples[^1].ToString());
        }

        // The first few recoveries settle the runtime (JIT, pools); after them nothing may keep growing.
        var settled = samples[4];
        var last = samples[^1];
        Assert.All(samples, s => Assert.Equal(samples[0].Channels, s.Channels));
        Assert.True(last.Handles <= settled.Handles + 16, $"file handles grew from {settled.Handles} to {last.Handles}");
        Assert.True(last.Threads <= settled.Threads + 16, $"threads grew from {settled.Threads} to {last.Threads}");
        Assert.True(last.RssKiB <= settled.RssKiB + (64 * 1024), $"resident memory grew from {settled.RssKiB} KiB to {last.RssKiB} KiB");
    }

    private async Task<Sample> SampleAsync(int restart)
    {
        var pid = _cluster["n1"].Process.Id;
        var status = await File.ReadAllLinesAsync($"/proc/{pid}/status");
        long Field(string name) => long.Parse(status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        var channels = await fixture.Broker.ChannelsPerConnectionAsync();
        return new Sample(restart, Field("VmRSS"), Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, (int)Field("Threads"), channels.Sum(), channels.Count);
    }

    private sealed record Sample(int Restart, long RssKiB, int Handles, int Threads, int Channels, int Connections)
    {
        public override string ToString() =>
            $"restart {Restart,2}: RSS {RssKiB / 1024.0,6:F1} MiB, {Handles} handles, {Threads} threads, {Connections} connections with {Channels} channels";
    }
}
