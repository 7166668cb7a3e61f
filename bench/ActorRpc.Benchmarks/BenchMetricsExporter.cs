using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ActorRpc.Benchmarks;

/// <summary>
/// The metrics section's "metrics ON": OpenTelemetry's SDK on the meters it is given, aggregating every measurement as
/// the HTTP gateway's <c>/metrics</c> does (the same SDK, the same instruments and their bucket advice), with an
/// in-memory exporter instead of Prometheus' so that the benchmark reads exact numbers. <see cref="Start"/> builds a
/// meter provider, <see cref="Stop"/> collects what it aggregated and disposes it, after which the instruments have no
/// listener left (<see cref="System.Diagnostics.Metrics.Instrument.Enabled"/> false, recording a no-op) unless something
/// else in the process listens. The exporter asks for deltas and adds them up here, so the totals outlive the provider.
/// </summary>
internal sealed class BenchMetricsExporter : IDisposable
{
    private readonly string[] _meters;

    /// <summary>What the provider exported and <see cref="Collect"/> has not added up yet.</summary>
    private readonly List<Metric> _exported = [];

    /// <summary>Counter sums and histogram counts per series, keyed <c>name{tag=value,...}</c> with the tags sorted.</summary>
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Histogram sums per series.</summary>
    private readonly Dictionary<string, double> _sums = new(StringComparer.Ordinal);

    /// <summary>The instruments any provider of this exporter exported.</summary>
    private readonly HashSet<string> _instruments = new(StringComparer.Ordinal);

    private MeterProvider? _provider;

    public BenchMetricsExporter(params string[] meterNames) => _meters = meterNames;

    /// <summary>Instruments exported so far.</summary>
    public int Instruments => _instruments.Count;

    /// <summary>Builds the provider; from now on the meters' instruments are enabled.</summary>
    public void Start()
    {
        if (_provider is not null)
        {
            return;
        }
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(_meters)
            .AddInMemoryExporter(_exported, reader =>
            {
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
                // Never on its own: only when Collect asks, outside the timed runs.
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = Timeout.Infinite;
            })
            .Build();
    }

    /// <summary>Collects what the provider aggregated, then disposes it.</summary>
    public void Stop()
    {
        if (_provider is not { } provider)
        {
            return;
        }
        Collect();
        provider.Dispose();
        _provider = null;
    }

    public void Dispose() => Stop();

    /// <summary>
    /// What a scrape reads (outside the timed runs): every series of a recorded (not observable) instrument, with its
    /// counter sum or histogram count, and the histogram sums (seconds) under the same keys.
    /// </summary>
    public MetricsSnapshot Scrape()
    {
        Collect();
        return new MetricsSnapshot(new Dictionary<string, long>(_counts), new Dictionary<string, double>(_sums));
    }

    private void Collect()
    {
        if (_provider is not { } provider)
        {
            return;
        }
        provider.ForceFlush();
        foreach (var metric in _exported)
        {
            _instruments.Add(metric.Name);
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var key = Key(metric.Name, point);
                switch (metric.MetricType)
                {
                    case MetricType.LongSum:
                        _counts[key] = _counts.GetValueOrDefault(key) + point.GetSumLong();
                        break;
                    case MetricType.DoubleSum:
                        _counts[key] = _counts.GetValueOrDefault(key) + (long)point.GetSumDouble();
                        break;
                    case MetricType.Histogram:
                        _counts[key] = _counts.GetValueOrDefault(key) + point.GetHistogramCount();
                        _sums[key] = _sums.GetValueOrDefault(key) + point.GetHistogramSum();
                        break;
                    default:
                        // Gauges and up-down counters: observed values, not counts of measurements.
                        break;
                }
            }
        }
        _exported.Clear();
    }

    private static string Key(string name, in MetricPoint point)
    {
        var tags = new List<string>();
        foreach (var tag in point.Tags)
        {
            tags.Add($"{tag.Key}={Convert.ToString(tag.Value, CultureInfo.InvariantCulture)}");
        }
        tags.Sort(StringComparer.Ordinal);
        return $"{name}{{{string.Join(',', tags)}}}";
    }
}

/// <summary>What one scrape read: counter sums and histogram counts per series, and histogram sums.</summary>
internal sealed record MetricsSnapshot(IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, double> Sums)
{
    /// <summary>The series whose count changed since <paramref name="before"/>, with the change.</summary>
    public SortedDictionary<string, long> CountsSince(MetricsSnapshot before)
    {
        var delta = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in Counts)
        {
            var change = value - (before.Counts.TryGetValue(key, out var old) ? old : 0);
            if (change != 0)
            {
                delta[key] = change;
            }
        }
        return delta;
    }

    /// <summary>The change of a histogram series' sum since <paramref name="before"/>.</summary>
    public double SumSince(MetricsSnapshot before, string key) =>
        (Sums.TryGetValue(key, out var now) ? now : 0) - (before.Sums.TryGetValue(key, out var old) ? old : 0);
}
