using System.Net;
using ActorRpc.Gateways.Http.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>The in-memory log history: bounded, formatted, replayed to subscribers before live lines.</summary>
public sealed class LogHistorySpec
{
    [Fact]
    public void It_keeps_only_the_last_Capacity_lines()
    {
        var history = new LogHistory(capacity: 3);

        for (var i = 1; i <= 5; i++)
        {
            history.Add($"line {i}");
        }

        Assert.Equal(["line 3", "line 4", "line 5"], history.Lines);
    }

    [Fact]
    public void As_a_logger_provider_it_formats_time_level_category_message_and_exception()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var history = new LogHistory(time: time);
        var logger = history.CreateLogger("ActorRpc.Test");

        logger.LogWarning("Bot {Bot} is late", "alpha");
        logger.LogError(new InvalidOperationException("boom"), "It failed");

        var stamp = time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var process = $"ActorRpc-{Environment.ProcessId}";
        Assert.Equal($"{stamp}|{process}|WARN|ActorRpc.Test|Bot alpha is late", history.Lines[0]);
        Assert.StartsWith($"{stamp}|{process}|ERROR|ActorRpc.Test|It failed System.InvalidOperationException: boom", history.Lines[1]);
    }

    [Fact]
    public void Levels_below_the_minimum_are_not_kept()
    {
        var history = new LogHistory(minimumLevel: LogLevel.Warning);
        var logger = history.CreateLogger("c");

        logger.LogInformation("quiet");
        logger.LogWarning("loud");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.Single(history.Lines);
    }

    [Fact]
    public void A_subscriber_gets_the_history_first_then_each_new_line_until_it_unsubscribes()
    {
        var history = new LogHistory();
        history.Add("old 1");
        history.Add("old 2");
        var received = new List<string>();

        var subscription = history.Subscribe(received.Add);
        history.Add("new 1");
        subscription.Dispose();
        history.Add("new 2");

        Assert.Equal(["old 1", "old 2", "new 1"], received);
    }

    [Fact]
    public async Task Lines_written_while_subscribing_are_neither_lost_nor_repeated()
    {
        var history = new LogHistory(capacity: 100_000);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                history.Add($"{i++}");
            }
        });
        await Eventually.True(() => history.Lines.Count > 1000, "the writer to get going");

        var received = new List<string>();
        using (history.Subscribe(line =>
        {
            lock (received)
            {
                received.Add(line);
            }
        }))
        {
            await Eventually.True(() =>
            {
                lock (received)
                {
                    return received.Count > 5000;
                }
            }, "live lines");
            stop.Cancel();
            await writer;
        }

        var numbers = received.Select(int.Parse).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
    }

    [Fact]
    public async Task The_history_pages_as_ASFs_NLog_File()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var history = host.History;
        for (var i = 0; i < 5; i++)
        {
            history.Add($"line {i}");
        }

        // The host's own requests log lines too: positions are taken from the answer (lines only ever append here,
        // far below the history's 100).
        var all = (await host.GetAsync("/Api/NLog/File")).Is(HttpStatusCode.OK).Result;
        var content = all.GetProperty("Content").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(all.GetProperty("TotalLines").GetInt32(), content.Count);
        Assert.True(content.Count < 100, $"{content.Count} lines: the history filled up");
        var fourth = content.IndexOf("line 4");
        Assert.Equal(["line 0", "line 1", "line 2", "line 3", "line 4"], content[(fourth - 4)..(fourth + 1)]);

        // ASF-ui's "load previous": the count lines before lastAt, oldest first.
        var page = (await host.GetAsync($"/Api/NLog/File?count=2&lastAt={fourth}")).Is(HttpStatusCode.OK).Result;
        Assert.Equal(["line 2", "line 3"], page.GetProperty("Content").EnumerateArray().Select(l => l.GetString()!));
        Assert.Equal(["line 0"], (await host.GetAsync($"/Api/NLog/File?count=1&lastAt={fourth - 3}")).Is(HttpStatusCode.OK).Result
            .GetProperty("Content").EnumerateArray().Select(l => l.GetString()!));
        Assert.Equal("count must be greater than 0.", (await host.GetAsync("/Api/NLog/File?count=0")).Is(HttpStatusCode.BadRequest).Message);
        Assert.Equal("lastAt must not be negative.", (await host.GetAsync("/Api/NLog/File?lastAt=-1")).Is(HttpStatusCode.BadRequest).Message);
        Assert.Equal("lastAt must be a whole number.", (await host.GetAsync("/Api/NLog/File?lastAt=x")).Is(HttpStatusCode.BadRequest).Message);
    }
}
