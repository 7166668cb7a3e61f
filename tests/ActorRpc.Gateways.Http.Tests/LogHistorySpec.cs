using ActorRpc.Gateways.Http.Logging;
using Microsoft.Extensions.Logging;

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
        var time = new ManualTime();
        var history = new LogHistory(time: time);
        var logger = history.CreateLogger("ActorRpc.Test");

        logger.LogWarning("Bot {Bot} is late", "alpha");
        logger.LogError(new InvalidOperationException("boom"), "It failed");

        var stamp = time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{stamp}|WARN|ActorRpc.Test|Bot alpha is late", history.Lines[0]);
        Assert.StartsWith($"{stamp}|ERROR|ActorRpc.Test|It failed System.InvalidOperationException: boom", history.Lines[1]);
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
}
