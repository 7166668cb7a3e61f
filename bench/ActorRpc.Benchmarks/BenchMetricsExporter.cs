using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace ActorRpc.Benchmarks;

/// <summary>
/// The metrics section's "metrics ON": a <see cref="MeterListener"/> enabled on every instrument of the meters it is
/// given, aggregating every measurement as an exporter would, written for the benchmark after the HTTP gateway's
/// <c>MetricsCollector</c> (internal to that assembly): per instrument, a series per tag set found with a lock-free,
/// allocation-free dictionary lookup by the measurement's tags (an alternate key over the tag span; a copy of the tags
/// is made once, when the series is created); counters and up-down counters add with <see cref="Interlocked"/>;
/// histograms find their bucket by binary search over the same bounds as the collector's (seconds: 0.5 ms to 10 s),
/// increment it with <see cref="Interlocked"/> and add to the sum with a compare-exchange loop; observable instruments
/// keep their last value and are read only when <see cref="Scrape"/> asks (as on a scrape), never on the hot path.
/// <para>
/// The aggregates outlive the listener: <see cref="Start"/> attaches a new listener to them, <see cref="Stop"/>
/// disposes it, after which the instruments have no listener left (<see cref="Instrument.Enabled"/> false, recording a
/// no-op) unless something else in the process listens.
/// </para>
/// </summary>
internal sealed class BenchMetricsExporter : IDisposable
{
    /// <summary>The gateway collector's bounds for histograms in seconds.</summary>
    private static readonly double[] s_secondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The gateway collector's bounds for histograms in other units (OpenTelemetry's defaults).</summary>
    private static readonly double[] s_defaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly HashSet<string> _meters;

    private readonly ConcurrentDictionary<Instrument, InstrumentAggregate> _aggregates = new();

    private MeterListener? _listener;

    public BenchMetricsExporter(params string[] meterNames) => _meters = new HashSet<string>(meterNames, StringComparer.Ordinal);

    /// <summary>Whether a listener is attached (metrics ON).</summary>
    public bool Listening => _listener is not null;

    /// <summary>Instruments the current or last listener enabled.</summary>
    public int Instruments => _aggregates.Count;

    /// <summary>Attaches a listener enabled on every instrument of the meters (existing and future ones).</summary>
    public void Start()
    {
        if (_listener is not null)
        {
            return;
        }
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (_meters.Contains(instrument.Meter.Name))
                {
                    l.EnableMeasurementEvents(instrument, _aggregates.GetOrAdd(instrument, static i => new InstrumentAggregate(i)));
                }
            },
        };
        listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record((long)value, tags));
        listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record((long)value, tags));
        listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record((long)value, tags));
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record((double)value, tags));
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record((double)value, tags));
        listener.Start();
        _listener = listener;
    }

    /// <summary>Detaches the listener (metrics OFF); the aggregates stay.</summary>
    public void Stop()
    {
        _listener?.Dispose();
        _listener = null;
    }

    public void Dispose() => Stop();

    /// <summary>
    /// What a scrape reads (outside the timed runs): observable instruments are read if listening, then every
    /// series of a recorded (not observable) instrument, keyed <c>name{tag=value,...}</c> with the tags sorted,
    /// with its counter sum or histogram count, and the histogram sums (seconds) under the same keys.
    /// </summary>
    public MetricsSnapshot Scrape()
    {
        _listener?.RecordObservableInstruments();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var aggregate in _aggregates.Values)
        {
            if (aggregate.Instrument.IsObservable)
            {
                continue;
            }
            foreach (var series in aggregate.Series)
            {
                var key = $"{aggregate.Instrument.Name}{{{series.Labels}}}";
                counts[key] = series.Count;
                if (aggregate.Kind == AggregationKind.Histogram)
                {
                    sums[key] = series.Sum;
                }
            }
        }
        return new MetricsSnapshot(counts, sums);
    }

    private enum AggregationKind
    {
        Sum,
        LastValue,
        Histogram,
    }

    /// <summary>One instrument's series, one per tag set.</summary>
    private sealed class InstrumentAggregate
    {
        private readonly ConcurrentDictionary<TagKey, Series> _series = new(TagKeyComparer.Instance);

        private readonly ConcurrentDictionary<TagKey, Series>.AlternateLookup<TagSpan> _lookup;

        private readonly double[] _bounds;

        public InstrumentAggregate(Instrument instrument)
        {
            Instrument = instrument;
            _lookup = _series.GetAlternateLookup<TagSpan>();
            var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
            Kind = instrument.IsObservable || definition == typeof(Gauge<>)
                ? AggregationKind.LastValue
                : definition == typeof(Histogram<>) ? AggregationKind.Histogram : AggregationKind.Sum;
            _bounds = Kind == AggregationKind.Histogram ? (instrument.Unit == "s" ? s_secondsBuckets : s_defaultBuckets) : [];
        }

        public Instrument Instrument { get; }

        public AggregationKind Kind { get; }

        public ICollection<Series> Series => _series.Values;

        public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = Find(tags);
            switch (Kind)
            {
                case AggregationKind.Sum:
                    series.Add(value);
                    break;
                case AggregationKind.LastValue:
                    series.Set(value);
                    break;
                default:
                    series.Observe(value, _bounds);
                    break;
            }
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = Find(tags);
            switch (Kind)
            {
                case AggregationKind.Sum:
                    series.Add((long)value);
                    break;
                case AggregationKind.LastValue:
                    series.Set((long)value);
                    break;
                default:
                    series.Observe(value, _bounds);
                    break;
            }
        }

        private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _lookup.TryGetValue(new TagSpan(tags), out var series) ? series : Add(tags);

        /// <summary>The first measurement of a tag set: copies the tags once (not on the hot path after that).</summary>
        private Series Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = new TagKey(tags);
            return _series.GetOrAdd(key, static (k, buckets) => new Series(Labels(k.Tags), buckets), _bounds.Length + 1);
        }

        private static string Labels(KeyValuePair<string, object?>[] tags) =>
            string.Join(',', tags.OrderBy(static t => t.Key, StringComparer.Ordinal)
                .Select(static t => $"{t.Key}={Convert.ToString(t.Value, CultureInfo.InvariantCulture)}"));
    }

    /// <summary>One tag set's aggregate: a sum (or last value), or a histogram's bucket counts and sum.</summary>
    private sealed class Series(string labels, int buckets)
    {
        private readonly long[] _buckets = new long[buckets];

        private long _value;

        private long _sumBits;

        public string Labels { get; } = labels;

        /// <summary>A counter's sum, or a histogram's count (the total of its buckets).</summary>
        public long Count
        {
            get
            {
                if (_buckets.Length <= 1)
                {
                    return Volatile.Read(ref _value);
                }
                long count = 0;
                for (var i = 0; i < _buckets.Length; i++)
                {
                    count += Volatile.Read(ref _buckets[i]);
                }
                return count;
            }
        }

        public double Sum => BitConverter.Int64BitsToDouble(Volatile.Read(ref _sumBits));

        public void Add(long value) => Interlocked.Add(ref _value, value);

        public void Set(long value) => Interlocked.Exchange(ref _value, value);

        public void Observe(double value, double[] bounds)
        {
            if (double.IsNaN(value))
            {
                return;
            }
            var index = Array.BinarySearch(bounds, value);
            Interlocked.Increment(ref _buckets[index < 0 ? ~index : index]);
            var current = Volatile.Read(ref _sumBits);
            while (true)
            {
                var next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + value);
                var seen = Interlocked.CompareExchange(ref _sumBits, next, current);
                if (seen == current)
                {
                    return;
                }
                current = seen;
            }
        }
    }

    /// <summary>A series' tags as a dictionary key (a copy made once).</summary>
    private sealed class TagKey
    {
        public TagKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            Tags = tags.ToArray();
            Hash = TagKeyComparer.HashOf(tags);
        }

        public KeyValuePair<string, object?>[] Tags { get; }

        public int Hash { get; }
    }

    /// <summary>A measurement's tags, looked up without copying.</summary>
    private readonly ref struct TagSpan(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        public ReadOnlySpan<KeyValuePair<string, object?>> Tags { get; } = tags;
    }

    /// <summary>Tag sets equal regardless of order; a <see cref="TagSpan"/> stands for a <see cref="TagKey"/>.</summary>
    private sealed class TagKeyComparer : IEqualityComparer<TagKey>, IAlternateEqualityComparer<TagSpan, TagKey>
    {
        public static readonly TagKeyComparer Instance = new();

        public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var hash = tags.Length;
            foreach (var tag in tags)
            {
                hash += HashCode.Combine(tag.Key, tag.Value);
            }
            return hash;
        }

        public bool Equals(TagKey? x, TagKey? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && Same(x.Tags, y.Tags));

        public int GetHashCode(TagKey obj) => obj.Hash;

        public bool Equals(TagSpan alternate, TagKey other) => Same(alternate.Tags, other.Tags);

        public int GetHashCode(TagSpan alternate) => HashOf(alternate.Tags);

        public TagKey Create(TagSpan alternate) => new(alternate.Tags);

        private static bool Same(ReadOnlySpan<KeyValuePair<string, object?>> a, ReadOnlySpan<KeyValuePair<string, object?>> b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }
            for (var i = 0; i < a.Length; i++)
            {
                if (string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) && Equals(a[i].Value, b[i].Value))
                {
                    continue;
                }
                var found = false;
                foreach (var tag in b)
                {
                    if (string.Equals(a[i].Key, tag.Key, StringComparison.Ordinal) && Equals(a[i].Value, tag.Value))
                    {
                        found = true;
                        break;
                    }
                }
                if (!found)
                {
                    return false;
                }
            }
            return true;
        }
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
