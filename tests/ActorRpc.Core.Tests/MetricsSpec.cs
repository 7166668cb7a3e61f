using ActorRpc.Actors.Runtime;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Messages.Dfproto;
using ActorRpc.PluginSdk;

namespace ActorRpc.Core.Tests;

[CollectionDefinition(nameof(MetricsSpec), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>The meter is process-wide, so these run alone and look for their own tags.</summary>
[Collection(nameof(MetricsSpec))]
public sealed class MetricsSpec : CoreTestKit
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    public MetricsSpec()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ActorRpcMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public async Task A_command_counts_by_command_word_and_result_code_and_records_its_duration()
    {
        await Run("version");
        await Run("frobnicate");

        Assert.Contains(_measurements, m => m.Instrument == "actorrpc.commands" && Tag(m, "command") == "version" && Tag(m, "code") == "CR_OK");
        Assert.Contains(_measurements, m => m.Instrument == "actorrpc.commands" && Tag(m, "command") == "unrecognized" && Tag(m, "code") == "CR_NOT_IMPLEMENTED");
        Assert.Contains(_measurements, m => m.Instrument == "actorrpc.command.duration" && Tag(m, "command") == "version" && m.Value >= 0);
    }

    [Fact]
    public async Task An_rpc_call_counts_by_method_and_code()
    {
        var fail = Router.Bind("sample", "fail", "dfproto.StringMessage", "dfproto.EmptyMessage").Method!;

        await Router.CallAsync(fail, new StringMessage { Value = "x" }, NullCommandOutput.Instance);

        Assert.Contains(_measurements, m => m.Instrument == "actorrpc.rpc.calls" && Tag(m, "rpc.method") == "sample::fail" && Tag(m, "code") == "CR_FAILURE");
        Assert.Contains(_measurements, m => m.Instrument == "actorrpc.rpc.call.duration" && Tag(m, "rpc.method") == "sample::fail");
    }

    [Fact]
    public async Task Bots_move_between_states_in_the_bots_metric()
    {
        WriteBotFile("metered", """{"Enabled": false}""");
        AwaitCondition(() => Router.Table.Bots.ContainsKey("metered"));

        // Other suites' bots may move meanwhile (the meter is process-wide), so look for this move's own pair of changes.
        var beforeStart = _measurements.Count;
        await Run("start metered");
        await AwaitAssertAsync(() =>
        {
            var after = _measurements.Skip(beforeStart).Where(m => m.Instrument == "actorrpc.bots").ToList();
            Assert.Contains(after, m => Tag(m, "state") == "stopped" && m.Value == -1);
            Assert.Contains(after, m => Tag(m, "state") == "running" && m.Value == 1);
            return Task.CompletedTask;
        });

        var beforeStop = _measurements.Count;
        await Run("stop metered");
        await AwaitAssertAsync(() =>
        {
            var after = _measurements.Skip(beforeStop).Where(m => m.Instrument == "actorrpc.bots").ToList();
            Assert.Contains(after, m => Tag(m, "state") == "running" && m.Value == -1);
            Assert.Contains(after, m => Tag(m, "state") == "stopped" && m.Value == 1);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Dead_letters_are_observable()
    {
        Sys.DeadLetters.Tell("nobody home", null);
        AwaitCondition(() => DeadLetters.Of(Sys) >= 1);

        long observed = 0;
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "actorrpc.dead_letters")
            {
                observed = value;
            }
        });
        _listener.RecordObservableInstruments();

        Assert.True(observed >= 1);
    }

    [Fact]
    public void Mailbox_depth_instruments_report_a_backlog()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = Sys.ActorOf(Props.Create(() => new Holder(gate.Task)));
        holder.Tell("hold");
        ExpectMsg("holding");
        for (var i = 0; i < 50; i++)
        {
            holder.Tell(i);
        }

        long total = 0, deepest = 0;
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "actorrpc.mailbox.depth":
                    total = value;
                    break;
                case "actorrpc.mailbox.depth.max":
                    deepest = value;
                    break;
            }
        });
        _listener.RecordObservableInstruments();
        gate.SetResult();

        Assert.True(deepest >= 50, $"deepest mailbox {deepest}");
        Assert.True(total >= 50, $"total {total}");
    }

    private sealed class Holder : ReceiveActor
    {
        public Holder(Task gate)
        {
            ReceiveAsync<string>(async _ =>
            {
                Sender.Tell("holding");
                await gate;
            });
            ReceiveAny(_ => { });
        }
    }

    private static string? Tag((string Instrument, double Value, Dictionary<string, object?> Tags) measurement, string key) =>
        measurement.Tags.TryGetValue(key, out var value) ? value?.ToString() : null;

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }
        _measurements.Enqueue((instrument.Name, value, copy));
    }

    protected override void Dispose(bool disposing)
    {
        _listener.Dispose();
        base.Dispose(disposing);
    }
}
