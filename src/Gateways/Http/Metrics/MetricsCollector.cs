using System.Buffers;
using System.Diagnostics.Metrics;
using ActorRpc.Actors.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRpc.Gateways.Http.Metrics;

/// <summary>
/// Listens to the <c>ActorRpc</c> meter and the runtime's <c>System.Runtime</c> meter with a <see cref="MeterListener"/>,
/// aggregates every measurement per instrument and tag set from the moment it is created, and writes the result in
/// Prometheus' text format (<see cref="WriteTo"/>). Counters become <c>_total</c> counters, up-down counters and gauges
/// become gauges, histograms become Prometheus histograms with cumulative buckets (see <see cref="SecondsBuckets"/>);
/// observable instruments are read when a scrape asks. Measurements arrive on any thread: recording is lock-free and
/// allocation-free once a tag set has its series; scrapes take turns.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    /// <summary>The runtime's meter (.NET 9 and later).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Bucket upper bounds for histograms in seconds: 0.5 ms to 10 s.</summary>
    public static readonly IReadOnlyList<double> SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Bucket upper bounds for histograms in any other unit (OpenTelemetry's defaults).</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>
    /// Runtime instruments declared as observable counters that report current values, which go down as well (dotnet/runtime
    /// issues 112077 and 126167): written as gauges, so that Prometheus does not read every decrease as a counter reset.
    /// </summary>
    private static readonly HashSet<(string Meter, string Instrument)> s_notMonotonic =
    [
        (RuntimeMeterName, "dotnet.thread_pool.thread.count"),
        (RuntimeMeterName, "dotnet.thread_pool.queue.length"),
    ];

    private readonly MeterListener _listener = new();

    private readonly HashSet<string> _meters;

    private readonly ILogger _log;

    /// <summary>Guards <see cref="_families"/> changes and the names in use.</summary>
    private readonly Lock _familiesGate = new();

    /// <summary>Prometheus names in use, so that two instruments never write the same family.</summary>
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Scrapes take turns: observable instruments report into the scrape that asked.</summary>
    private readonly Lock _scrapeGate = new();

    /// <summary>The families in publication order; replaced (never changed) under <see cref="_familiesGate"/>.</summary>
    private volatile MetricFamily[] _families = [];

    /// <summary>The current scrape's number; observable series carry the number of the scrape that saw them.</summary>
    private long _generation;

    /// <summary>Whether an observable instrument's failure was already logged as a warning.</summary>
    private bool _callbackFailureLogged;

    private bool _disposed;

    /// <summary>Starts listening to <see cref="ActorRpcMetrics.MeterName"/> and <see cref="RuntimeMeterName"/>.</summary>
    public MetricsCollector(ILogger<MetricsCollector>? log = null)
        : this([ActorRpcMetrics.MeterName, RuntimeMeterName], log)
    {
    }

    /// <summary>Starts listening to the meters named <paramref name="meterNames"/>.</summary>
    public MetricsCollector(IEnumerable<string> meterNames, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(meterNames);
        _meters = new HashSet<string>(meterNames, StringComparer.Ordinal);
        _log = log ?? NullLogger.Instance;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = OnMeasurementsCompleted;
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((MetricFamily)state!).Record((long)value, tags, Volatile.Read(ref _generation)));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((MetricFamily)state!).Record((long)value, tags, Volatile.Read(ref _generation)));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((MetricFamily)state!).Record((long)value, tags, Volatile.Read(ref _generation)));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags, Volatile.Read(ref _generation)));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags, Volatile.Read(ref _generation)));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags, Volatile.Read(ref _generation)));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags, Volatile.Read(ref _generation)));
        _listener.Start();
    }

    /// <summary>The families being collected (for tests and diagnostics).</summary>
    public IReadOnlyList<MetricFamily> Families => _families;

    /// <summary>
    /// Reads the observable instruments, then writes every family that has series, each as one block of
    /// <c># HELP</c>, <c># TYPE</c> and sample lines, in the text exposition format 0.0.4 (UTF-8).
    /// </summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_scrapeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var generation = Interlocked.Increment(ref _generation);
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception ex)
            {
                // The other instruments' values were still recorded; the failing one shows its last series or none.
                if (!_callbackFailureLogged)
                {
                    _callbackFailureLogged = true;
                    _log.LogWarning(ex, "An observable instrument failed while /metrics was collected (further failures are logged at debug level)");
                }
                else
                {
                    _log.LogDebug(ex, "An observable instrument failed while /metrics was collected");
                }
            }
            foreach (var family in _families)
            {
                family.Write(output, generation);
            }
        }
    }

    public void Dispose()
    {
        lock (_scrapeGate)
        {
            _disposed = true;
        }
        _listener.Dispose();
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_meters.Contains(instrument.Meter.Name) || Describe(instrument) is not { } shape)
        {
            return;
        }
        var name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, shape.Type);
        MetricFamily family;
        lock (_familiesGate)
        {
            // Another instrument (say, of a second meter with the same name) already writes this family.
            if (!_names.Add(name))
            {
                _log.LogDebug("Instrument {Instrument} of meter {Meter} is not exported: {Name} is taken", instrument.Name, instrument.Meter.Name, name);
                return;
            }
            family = new MetricFamily(instrument, name, shape.Type, shape.Aggregation, shape.Integral, shape.Type == PrometheusType.Histogram ? Buckets(instrument) : []);
            _families = [.. _families, family];
        }
        listener.EnableMeasurementEvents(instrument, family);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not MetricFamily family)
        {
            return;
        }
        lock (_familiesGate)
        {
            _names.Remove(family.Name);
            _families = [.. _families.Where(f => !ReferenceEquals(f, family))];
        }
    }

    /// <summary>The family type, aggregation and number kind of an instrument; null for kinds this collector does not know.</summary>
    private static (PrometheusType Type, Aggregation Aggregation, bool Integral)? Describe(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType || type.GetGenericArguments() is not [var number])
        {
            return null;
        }
        var integral = number == typeof(long) || number == typeof(int) || number == typeof(short) || number == typeof(byte);
        var definition = type.GetGenericTypeDefinition();
        return definition switch
        {
            _ when definition == typeof(Counter<>) => (PrometheusType.Counter, Aggregation.Sum, integral),
            _ when definition == typeof(ObservableCounter<>) && s_notMonotonic.Contains((instrument.Meter.Name, instrument.Name)) => (PrometheusType.Gauge, Aggregation.LastValue, integral),
            _ when definition == typeof(ObservableCounter<>) => (PrometheusType.Counter, Aggregation.LastValue, integral),
            _ when definition == typeof(UpDownCounter<>) => (PrometheusType.Gauge, Aggregation.Sum, integral),
            _ when definition == typeof(ObservableUpDownCounter<>) => (PrometheusType.Gauge, Aggregation.LastValue, integral),
            _ when definition == typeof(Gauge<>) => (PrometheusType.Gauge, Aggregation.LastValue, integral),
            _ when definition == typeof(ObservableGauge<>) => (PrometheusType.Gauge, Aggregation.LastValue, integral),
            _ when definition == typeof(Histogram<>) => (PrometheusType.Histogram, Aggregation.Histogram, false),
            _ => null,
        };
    }

    /// <summary>The instrument's advised bucket bounds if it has any, else <see cref="SecondsBuckets"/> for seconds and <see cref="DefaultBuckets"/> otherwise.</summary>
    private static double[] Buckets(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        var bounds = advised?.Where(double.IsFinite).Distinct().Order().ToArray();
        if (bounds is { Length: > 0 })
        {
            return bounds;
        }
        return [.. instrument.Unit == "s" ? SecondsBuckets : DefaultBuckets];
    }
}
