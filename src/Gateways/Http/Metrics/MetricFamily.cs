using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace ActorRpc.Gateways.Http.Metrics;

/// <summary>What a family does with a measurement.</summary>
internal enum Aggregation
{
    /// <summary>Adds it (counters, up-down counters).</summary>
    Sum,

    /// <summary>Keeps the last one (gauges, and every observable instrument, which reports totals or current values).</summary>
    LastValue,

    /// <summary>Counts it into a bucket and adds it to the sum.</summary>
    Histogram,
}

/// <summary>
/// One instrument as a Prometheus metric family: its name, header lines and a series per tag set. Finding a
/// measurement's series is lock-free and allocation-free (a dictionary lookup by the measurement's tags); creating a
/// series takes the family's lock. Series with the same label text (e.g. a tag value that is the int 1 once and the
/// long 1 another time) are one series.
/// </summary>
internal sealed class MetricFamily
{
    /// <summary>At most this many series per family; measurements with further tag sets go to one overflow series.</summary>
    public const int MaxSeries = 2000;

    /// <summary>The overflow series' label (OpenTelemetry's name for it).</summary>
    public const string OverflowLabel = "otel_metric_overflow=\"true\"";

    private readonly ConcurrentDictionary<TagSet, MetricSeries> _series = new(TagSetComparer.Instance);

    private readonly ConcurrentDictionary<TagSet, MetricSeries>.AlternateLookup<TagSpan> _lookup;

    /// <summary>Each distinct series by label text; guarded by <see cref="_gate"/>.</summary>
    private readonly Dictionary<string, MetricSeries> _byLabels = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();

    /// <summary>The distinct series in creation order; replaced (never changed) under <see cref="_gate"/>, read without it.</summary>
    private volatile MetricSeries[] _ordered = [];

    private MetricSeries? _overflow;

    public MetricFamily(Instrument instrument, string name, PrometheusType type, Aggregation aggregation, bool integral, double[] bounds)
    {
        Instrument = instrument;
        Name = name;
        Type = type;
        Aggregation = aggregation;
        Integral = integral;
        Bounds = bounds;
        _lookup = _series.GetAlternateLookup<TagSpan>();
        var help = string.IsNullOrWhiteSpace(instrument.Description)
            ? $"{instrument.Name} ({instrument.Meter.Name})"
            : instrument.Description;
        var typeName = type switch
        {
            PrometheusType.Counter => "counter",
            PrometheusType.Histogram => "histogram",
            _ => "gauge",
        };
        Header = Encoding.UTF8.GetBytes($"# HELP {name} {PrometheusNaming.EscapeHelp(help)}\n# TYPE {name} {typeName}\n");
        NameBytes = Encoding.UTF8.GetBytes(name);
        BucketNameBytes = Encoding.UTF8.GetBytes(name + "_bucket");
        SumNameBytes = Encoding.UTF8.GetBytes(name + "_sum");
        CountNameBytes = Encoding.UTF8.GetBytes(name + "_count");
        LeLabels = type == PrometheusType.Histogram
            ? [.. bounds.Select(b => Encoding.UTF8.GetBytes($"le=\"{PrometheusNaming.FormatDouble(b)}\"")), "le=\"+Inf\""u8.ToArray()]
            : [];
    }

    public Instrument Instrument { get; }

    /// <summary>The Prometheus name (for a histogram, without <c>_bucket</c>/<c>_sum</c>/<c>_count</c>).</summary>
    public string Name { get; }

    public PrometheusType Type { get; }

    public Aggregation Aggregation { get; }

    /// <summary>True for integral instruments (byte, short, int, long): sums are kept and written as integers.</summary>
    public bool Integral { get; }

    /// <summary>A histogram's bucket upper bounds, ascending (empty for others).</summary>
    public double[] Bounds { get; }

    /// <summary>True for observable instruments: their series live from one scrape to the next.</summary>
    public bool Observable => Instrument.IsObservable;

    /// <summary>The <c># HELP</c> and <c># TYPE</c> lines.</summary>
    public byte[] Header { get; }

    public byte[] NameBytes { get; }

    public byte[] BucketNameBytes { get; }

    public byte[] SumNameBytes { get; }

    public byte[] CountNameBytes { get; }

    /// <summary>The <c>le="…"</c> label of each bucket, the last one <c>+Inf</c>.</summary>
    public byte[][] LeLabels { get; }

    /// <summary>The number of distinct series.</summary>
    public int SeriesCount => _ordered.Length;

    public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, long generation)
    {
        var series = Find(tags);
        switch (Aggregation)
        {
            case Aggregation.Sum:
                ((ValueSeries)series).Add(value);
                break;
            case Aggregation.LastValue:
                ((ValueSeries)series).Set(value);
                series.Generation = generation;
                break;
            default:
                ((HistogramSeries)series).Record(value, Bounds);
                break;
        }
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, long generation)
    {
        var series = Find(tags);
        switch (Aggregation)
        {
            case Aggregation.Sum:
                ((ValueSeries)series).Add(value);
                break;
            case Aggregation.LastValue:
                ((ValueSeries)series).Set(value);
                series.Generation = generation;
                break;
            default:
                ((HistogramSeries)series).Record(value, Bounds);
                break;
        }
    }

    /// <summary>
    /// Writes the header and every series; nothing when there is none. An observable family writes only the series
    /// reported in scrape <paramref name="generation"/> and forgets the others (their tag sets are gone).
    /// </summary>
    public void Write(IBufferWriter<byte> output, long generation)
    {
        var series = _ordered;
        var headerWritten = false;
        var stale = false;
        foreach (var one in series)
        {
            if (Observable && Volatile.Read(ref one.Generation) != generation)
            {
                stale = true;
                continue;
            }
            if (!headerWritten)
            {
                output.Write(Header);
                headerWritten = true;
            }
            one.Write(output, this);
        }
        if (stale)
        {
            Forget(generation);
        }
    }

    private MetricSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _lookup.TryGetValue(new TagSpan(tags), out var series) ? series : Add(tags);

    private MetricSeries Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            if (_lookup.TryGetValue(new TagSpan(tags), out var series))
            {
                return series;
            }
            if (_byLabels.Count >= MaxSeries)
            {
                // Not remembered by tag set: a stream of new tag sets must not grow the dictionary either.
                return _overflow ??= AddDistinct(OverflowLabel);
            }
            var labels = PrometheusNaming.Labels(tags);
            if (!_byLabels.TryGetValue(labels, out series))
            {
                series = AddDistinct(labels);
            }
            _series[new TagSet(tags)] = series;
            return series;
        }
    }

    /// <summary>Creates a series with label text not seen before; under <see cref="_gate"/>.</summary>
    private MetricSeries AddDistinct(string labels)
    {
        MetricSeries series = Aggregation == Aggregation.Histogram ? new HistogramSeries(labels, Bounds.Length) : new ValueSeries(labels);
        _byLabels[labels] = series;
        _ordered = [.. _ordered, series];
        return series;
    }

    /// <summary>Drops the series an observable instrument did not report in <paramref name="generation"/>.</summary>
    private void Forget(long generation)
    {
        lock (_gate)
        {
            foreach (var (key, series) in _series)
            {
                if (Volatile.Read(ref series.Generation) != generation)
                {
                    _series.TryRemove(key, out _);
                }
            }
            foreach (var (labels, series) in _byLabels.ToList())
            {
                if (Volatile.Read(ref series.Generation) != generation)
                {
                    _byLabels.Remove(labels);
                    if (ReferenceEquals(series, _overflow))
                    {
                        _overflow = null;
                    }
                }
            }
            _ordered = [.. _ordered.Where(s => Volatile.Read(ref s.Generation) == generation)];
        }
    }
}
