using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using ActorRpc.Gateways.Http.Metrics;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>
/// The collector behind <c>/metrics</c> on a meter of its own (a fresh name per test, so nothing else reports into
/// it): names, types, labels and their escaping, histograms, observable instruments, many threads at once.
/// </summary>
public sealed class MetricsCollectorSpec : IDisposable
{
    private readonly Meter _meter = new("ActorRpc.Tests." + Guid.NewGuid().ToString("N"));

    private readonly MetricsCollector _collector;

    public MetricsCollectorSpec() => _collector = new MetricsCollector([_meter.Name]);

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    /// <summary>Scrapes the collector into a buffer and parses the text.</summary>
    internal static Exposition Scrape(MetricsCollector collector)
    {
        var buffer = new ArrayBufferWriter<byte>();
        collector.WriteTo(buffer);
        return Exposition.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData("actorrpc.commands", "{command}", "Counter", "actorrpc_commands_total")]
    [InlineData("actorrpc.rpc.calls", "{call}", "Counter", "actorrpc_rpc_calls_total")]
    [InlineData("actorrpc.rpc.call.duration", "s", "Histogram", "actorrpc_rpc_call_duration_seconds")]
    [InlineData("actorrpc.tcp.connections", "{connection}", "Gauge", "actorrpc_tcp_connections")]
    [InlineData("actorrpc.dead_letters", "{message}", "Counter", "actorrpc_dead_letters_total")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", "Counter", "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("dotnet.process.cpu.time", "s", "Counter", "dotnet_process_cpu_time_seconds_total")]
    [InlineData("dotnet.timer.count", "{timer}", "Gauge", "dotnet_timer_count_current")]
    [InlineData("queue.total", null, "Gauge", "queue_total_current")]
    [InlineData("requests.total", null, "Counter", "requests_total")]
    [InlineData("busy.total", "s", "Counter", "busy_seconds_total")]
    [InlineData("http.server.request.duration", "ms", "Histogram", "http_server_request_duration_milliseconds")]
    [InlineData("disk.io", "By/s", "Gauge", "disk_io_bytes_per_second")]
    [InlineData("cpu.utilization", "1", "Gauge", "cpu_utilization_ratio")]
    [InlineData("latency_seconds", "s", "Gauge", "latency_seconds")]
    [InlineData("weird-name..with  spaces", "", "Gauge", "weird_name_with_spaces")]
    [InlineData("3d.objects", null, "Gauge", "_3d_objects")]
    public void OpenTelemetry_names_become_Prometheus_names(string instrument, string? unit, string type, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.MetricName(instrument, unit, Enum.Parse<PrometheusType>(type)));
    }

    [Theory]
    [InlineData("rpc.method", "rpc_method")]
    [InlineData("code", "code")]
    [InlineData("gc.heap.generation", "gc_heap_generation")]
    [InlineData("le", "tag_le")]
    [InlineData("9lives", "_9lives")]
    public void Tag_keys_become_label_names(string key, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.LabelName(key));
    }

    [Fact]
    public void A_counter_is_a_total_with_one_series_per_tag_set_whatever_the_tag_order()
    {
        var counter = _meter.CreateCounter<long>("test.calls", "{call}", "Calls made.");

        counter.Add(2, new("rpc.method", "a::b"), new("code", "CR_OK"));
        counter.Add(3, new("code", "CR_OK"), new("rpc.method", "a::b"));
        counter.Add(1, new("rpc.method", "a::b"), new("code", "CR_FAILURE"));
        counter.Add(7);

        var scrape = Scrape(_collector);
        Assert.Equal("counter", scrape.Types["test_calls_total"]);
        Assert.Equal("Calls made.", scrape.Help["test_calls_total"]);
        Assert.Equal(5, scrape.ValueOrZero("test_calls_total", ("rpc_method", "a::b"), ("code", "CR_OK")));
        Assert.Equal(1, scrape.ValueOrZero("test_calls_total", ("rpc_method", "a::b"), ("code", "CR_FAILURE")));
        Assert.Equal(7, scrape.ValueOrZero("test_calls_total"));
        Assert.Contains("test_calls_total 7\n", scrape.Text);
        Assert.Equal(3, scrape.Samples.Count);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline_and_the_help_escapes_too()
    {
        var counter = _meter.CreateCounter<double>("test.odd", null, "Help with a \\ backslash\nand a second line.");

        counter.Add(1.5, new KeyValuePair<string, object?>("path", "C:\\dir \"quoted\"\nnext"), new("flag", true), new("number", 42), new("none", null));

        var scrape = Scrape(_collector);
        Assert.Contains("""test_odd_total{path="C:\\dir \"quoted\"\nnext",flag="true",number="42",none=""} 1.5""" + "\n", scrape.Text);
        Assert.Contains("# HELP test_odd_total Help with a \\\\ backslash\\nand a second line.\n", scrape.Text);
        var sample = Assert.Single(scrape.Samples);
        Assert.Equal("C:\\dir \"quoted\"\nnext", sample.Labels["path"]);
    }

    [Fact]
    public void Up_down_counters_and_gauges_are_gauges()
    {
        var connections = _meter.CreateUpDownCounter<long>("test.connections", "{connection}", "Open connections.");
        var temperature = _meter.CreateGauge<double>("test.temperature", "Cel", "The temperature.");

        connections.Add(3);
        connections.Add(-1);
        temperature.Record(21.5, new KeyValuePair<string, object?>("room", "lab"));
        temperature.Record(19.25, new KeyValuePair<string, object?>("room", "lab"));

        var scrape = Scrape(_collector);
        Assert.Equal("gauge", scrape.Types["test_connections"]);
        Assert.Equal(2, scrape.ValueOrZero("test_connections"));
        Assert.Equal("gauge", scrape.Types["test_temperature_celsius"]);
        Assert.Equal(19.25, scrape.ValueOrZero("test_temperature_celsius", ("room", "lab")));
    }

    [Fact]
    public void A_histogram_in_seconds_has_cumulative_buckets_from_half_a_millisecond_to_ten_seconds_then_Inf_sum_and_count()
    {
        var duration = _meter.CreateHistogram<double>("test.duration", "s", "How long it took.");
        double[] values = [0.0001, 0.0005, 0.003, 0.003, 0.2, 7, 42];

        foreach (var value in values)
        {
            duration.Record(value, new KeyValuePair<string, object?>("op", "x"));
        }

        var scrape = Scrape(_collector);
        Assert.Equal("histogram", scrape.Types["test_duration_seconds"]);
        var buckets = scrape.Find("test_duration_seconds_bucket", ("op", "x"));
        Assert.Equal(
            ["0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"],
            buckets.Select(b => b.Labels["le"]));
        // le is inclusive: 0.0005 falls into the 0.0005 bucket.
        Assert.Equal([2, 2, 2, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 7], buckets.Select(b => b.Value));
        Assert.Equal(values.Length, scrape.ValueOrZero("test_duration_seconds_count", ("op", "x")));
        Assert.Equal(values.Sum(), scrape.ValueOrZero("test_duration_seconds_sum", ("op", "x")), 9);
    }

    [Fact]
    public void A_histogram_in_another_unit_uses_OpenTelemetrys_default_buckets_and_advice_wins_over_both()
    {
        var size = _meter.CreateHistogram<long>("test.size", "By", "Sizes.");
        var advised = _meter.CreateHistogram<double>("test.advised", "s", "Advised.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });

        size.Record(300);
        advised.Record(0.5);

        var scrape = Scrape(_collector);
        Assert.Equal(["0", "5", "10", "25", "50", "75", "100", "250", "500", "750", "1000", "2500", "5000", "7500", "10000", "+Inf"],
            scrape.Find("test_size_bytes_bucket").Select(b => b.Labels["le"]));
        Assert.Equal(1, scrape.Find("test_size_bytes_bucket", ("le", "500")).Single().Value);
        Assert.Equal(0, scrape.Find("test_size_bytes_bucket", ("le", "250")).Single().Value);
        Assert.Equal(["0.1", "1", "+Inf"], scrape.Find("test_advised_seconds_bucket").Select(b => b.Labels["le"]));
        Assert.Equal([0, 1, 1], scrape.Find("test_advised_seconds_bucket").Select(b => b.Value));
    }

    [Fact]
    public void Observable_instruments_are_read_at_each_scrape_and_a_tag_set_no_longer_reported_disappears()
    {
        var reported = new List<Measurement<long>> { new(5, new KeyValuePair<string, object?>("pool", "a")), new(9, new KeyValuePair<string, object?>("pool", "b")) };
        var reads = 0;
        _meter.CreateObservableCounter("test.items", () =>
        {
            reads++;
            return reported.ToArray();
        }, "{item}", "Items handled.");
        _meter.CreateObservableGauge("test.level", () => 0.75, "1", "Fill level.");
        _meter.CreateObservableUpDownCounter("test.queue.length", () => 4, "{item}", "Queued items.");

        var first = Scrape(_collector);
        reported = [new(6, new KeyValuePair<string, object?>("pool", "a"))];
        var second = Scrape(_collector);

        Assert.Equal(2, reads);
        Assert.Equal("counter", first.Types["test_items_total"]);
        Assert.Equal(5, first.ValueOrZero("test_items_total", ("pool", "a")));
        Assert.Equal(9, first.ValueOrZero("test_items_total", ("pool", "b")));
        Assert.Equal(6, second.ValueOrZero("test_items_total", ("pool", "a")));
        Assert.Empty(second.Find("test_items_total", ("pool", "b")));
        Assert.Equal("gauge", second.Types["test_level_ratio"]);
        Assert.Equal(0.75, second.ValueOrZero("test_level_ratio"));
        Assert.Equal(4, second.ValueOrZero("test_queue_length"));
    }

    [Fact]
    public void An_observable_instrument_that_throws_leaves_the_others_alone()
    {
        _meter.CreateObservableGauge("test.broken", new Func<long>(() => throw new InvalidOperationException("broken gauge")), null, "Broken.");
        _meter.CreateObservableGauge("test.working", () => 3L, null, "Working.");
        _meter.CreateCounter<long>("test.plain", null, "Plain.").Add(2);

        var scrape = Scrape(_collector);

        Assert.Equal(3, scrape.ValueOrZero("test_working"));
        Assert.Equal(2, scrape.ValueOrZero("test_plain_total"));
        Assert.DoesNotContain("test_broken", scrape.Text);
    }

    [Fact]
    public void An_instrument_with_no_measurements_writes_nothing_and_each_family_has_one_HELP_and_one_TYPE()
    {
        _meter.CreateCounter<long>("test.unused", null, "Never used.");
        var used = _meter.CreateCounter<long>("test.used", null, "Used.");
        used.Add(1, new KeyValuePair<string, object?>("k", "a"));
        used.Add(1, new KeyValuePair<string, object?>("k", "b"));

        var scrape = Scrape(_collector);

        Assert.DoesNotContain("test_unused", scrape.Text);
        Assert.Equal(["HELP test_used_total", "TYPE test_used_total"], scrape.HeaderNames);
    }

    [Fact]
    public async Task Measurements_from_many_threads_at_once_are_all_counted()
    {
        var counter = _meter.CreateCounter<long>("test.parallel", null, "Parallel adds.");
        var sum = _meter.CreateCounter<double>("test.parallel.sum", null, "Parallel double adds.");
        var histogram = _meter.CreateHistogram<double>("test.parallel.duration", "s", "Parallel records.");
        const int threads = 4;
        const int each = 20_000;
        using var go = new ManualResetEventSlim();

        var workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
        {
            go.Wait();
            for (var i = 0; i < each; i++)
            {
                var tag = new KeyValuePair<string, object?>("shard", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
                counter.Add(1, tag);
                sum.Add(0.5, tag);
                histogram.Record(i % 2 == 0 ? 0.001 : 1, tag);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        go.Set();
        // Scrapes while the threads record: every one of them must be well-formed.
        while (!workers.All(w => w.IsCompleted))
        {
            var during = Scrape(_collector);
            foreach (var shard in during.Samples.Where(s => s.Name == "test_parallel_duration_seconds_count"))
            {
                var buckets = during.Find("test_parallel_duration_seconds_bucket", ("shard", shard.Labels["shard"]));
                Assert.Equal(shard.Value, buckets[^1].Value);
                Assert.True(buckets.Zip(buckets.Skip(1)).All(p => p.First.Value <= p.Second.Value), "Buckets are not cumulative.");
            }
        }
        await Task.WhenAll(workers);

        var scrape = Scrape(_collector);
        Assert.Equal(threads * each, scrape.Find("test_parallel_total").Sum(s => s.Value));
        Assert.Equal(threads * each * 0.5, scrape.Find("test_parallel_sum_total").Sum(s => s.Value));
        Assert.Equal(threads * each, scrape.Find("test_parallel_duration_seconds_count").Sum(s => s.Value));
        Assert.Equal(3, scrape.Find("test_parallel_total").Count);
    }

    [Fact]
    public void Recording_into_an_existing_series_allocates_nothing()
    {
        var counter = _meter.CreateCounter<long>("test.alloc", null, "Allocation check.");
        var histogram = _meter.CreateHistogram<double>("test.alloc.duration", "s", "Allocation check.");
        var method = new KeyValuePair<string, object?>("rpc.method", "sample::echo");
        var code = new KeyValuePair<string, object?>("code", "CR_OK");
        void Record(int times)
        {
            for (var i = 0; i < times; i++)
            {
                counter.Add(1, method, code);
                histogram.Record(0.003, code, method);
            }
        }
        Record(100);

        // Five rounds, the least counts: the runtime's own work on this thread (a method's tier-up landing mid-round
        // on a loaded machine) can fall into one round, while recording that allocates would show in every round.
        var rounds = new long[5];
        for (var round = 0; round < rounds.Length; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Record(10_000);
            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(rounds.Min() < 1024, $"20 000 measurements allocated {string.Join(", ", rounds)} bytes in five rounds.");
        Assert.Equal(50_100, Scrape(_collector).ValueOrZero("test_alloc_total", ("rpc_method", "sample::echo"), ("code", "CR_OK")));
    }

    [Fact]
    public void Beyond_the_series_limit_further_tag_sets_share_one_overflow_series()
    {
        var counter = _meter.CreateCounter<long>("test.many", null, "Many tag sets.");

        for (var i = 0; i < MetricFamily.MaxSeries + 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i));
        }
        counter.Add(1, new KeyValuePair<string, object?>("id", 0));

        var scrape = Scrape(_collector);
        Assert.Equal(MetricFamily.MaxSeries + 1, scrape.Find("test_many_total").Count);
        Assert.Equal(10, scrape.ValueOrZero("test_many_total", ("otel_metric_overflow", "true")));
        Assert.Equal(2, scrape.ValueOrZero("test_many_total", ("id", "0")));
    }

    [Fact]
    public void The_default_collector_also_exports_the_runtimes_own_meter()
    {
        using var collector = new MetricsCollector();

        var scrape = Scrape(collector);

        Assert.Equal("counter", scrape.Types["dotnet_gc_collections_total"]);
        Assert.NotEmpty(scrape.Find("dotnet_gc_collections_total", ("gc_heap_generation", "gen0")));
        Assert.Equal("gauge", scrape.Types["dotnet_process_memory_working_set_bytes"]);
        Assert.True(scrape.ValueOrZero("dotnet_process_memory_working_set_bytes") > 0);
        Assert.Equal("gauge", scrape.Types["dotnet_assembly_count_current"]);
        // Declared as observable counters by the runtime, but they go down too.
        Assert.Equal("gauge", scrape.Types["dotnet_thread_pool_thread_count_current"]);
        Assert.Equal("gauge", scrape.Types["dotnet_thread_pool_queue_length"]);
    }
}
