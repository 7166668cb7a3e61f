using System.Buffers;
using System.Globalization;
using System.Text;

namespace ActorRpc.Gateways.Http.Metrics;

/// <summary>One series of a metric family: one tag set's aggregate. Updated from any thread without locks.</summary>
internal abstract class MetricSeries(string labels)
{
    /// <summary>The label text without braces, UTF-8 (e.g. <c>command="version",code="CR_OK"</c>); empty without tags.</summary>
    public byte[] Labels { get; } = Encoding.UTF8.GetBytes(labels);

    /// <summary>The scrape in which an observable instrument last reported this series.</summary>
    public long Generation;

    /// <summary>Writes <c>name{labels} value</c> lines (several for a histogram).</summary>
    public abstract void Write(IBufferWriter<byte> output, MetricFamily family);
}

/// <summary>A counter's sum or a gauge's value; a long for integral instruments, else the bits of a double.</summary>
internal sealed class ValueSeries(string labels) : MetricSeries(labels)
{
    private long _bits;

    public void Add(long value) => Interlocked.Add(ref _bits, value);

    public void Set(long value) => Interlocked.Exchange(ref _bits, value);

    public void Add(double value)
    {
        var current = Volatile.Read(ref _bits);
        while (true)
        {
            var next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + value);
            var seen = Interlocked.CompareExchange(ref _bits, next, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    public void Set(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

    public override void Write(IBufferWriter<byte> output, MetricFamily family)
    {
        PrometheusText.WriteSeriesName(output, family.NameBytes, Labels);
        var bits = Volatile.Read(ref _bits);
        if (family.Integral)
        {
            PrometheusText.Write(output, bits);
        }
        else
        {
            PrometheusText.Write(output, BitConverter.Int64BitsToDouble(bits));
        }
        PrometheusText.WriteNewLine(output);
    }
}

/// <summary>
/// A histogram: a count per bucket (not cumulative; made cumulative when written) and the sum. The written
/// <c>_count</c> is the total of the buckets read, so it always equals the <c>+Inf</c> bucket.
/// </summary>
internal sealed class HistogramSeries(string labels, int buckets) : MetricSeries(labels)
{
    /// <summary>Counts per bucket; the last one is above every bound (<c>+Inf</c>).</summary>
    private readonly long[] _counts = new long[buckets + 1];

    private long _sumBits;

    public void Record(double value, double[] bounds)
    {
        if (double.IsNaN(value))
        {
            return;
        }
        // Buckets are inclusive upper bounds (le): an exact hit belongs to that bucket.
        var index = Array.BinarySearch(bounds, value);
        Interlocked.Increment(ref _counts[index < 0 ? ~index : index]);
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

    public override void Write(IBufferWriter<byte> output, MetricFamily family)
    {
        long cumulative = 0;
        var bucketName = family.BucketNameBytes;
        for (var i = 0; i < _counts.Length; i++)
        {
            cumulative += Volatile.Read(ref _counts[i]);
            PrometheusText.WriteBucketName(output, bucketName, Labels, family.LeLabels[i]);
            PrometheusText.Write(output, cumulative);
            PrometheusText.WriteNewLine(output);
        }
        PrometheusText.WriteSeriesName(output, family.SumNameBytes, Labels);
        PrometheusText.Write(output, BitConverter.Int64BitsToDouble(Volatile.Read(ref _sumBits)));
        PrometheusText.WriteNewLine(output);
        PrometheusText.WriteSeriesName(output, family.CountNameBytes, Labels);
        PrometheusText.Write(output, cumulative);
        PrometheusText.WriteNewLine(output);
    }
}

/// <summary>Writes the text exposition format (version 0.0.4) as UTF-8 into a buffer writer, without intermediate strings.</summary>
internal static class PrometheusText
{
    /// <summary>The response's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes <c>name{labels} </c> (no braces without labels).</summary>
    public static void WriteSeriesName(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels)
    {
        output.Write(name);
        if (!labels.IsEmpty)
        {
            output.Write("{"u8);
            output.Write(labels);
            output.Write("}"u8);
        }
        output.Write(" "u8);
    }

    /// <summary>Writes <c>name_bucket{labels,le="bound"} </c>.</summary>
    public static void WriteBucketName(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> le)
    {
        output.Write(name);
        output.Write("{"u8);
        if (!labels.IsEmpty)
        {
            output.Write(labels);
            output.Write(","u8);
        }
        output.Write(le);
        output.Write("} "u8);
    }

    public static void WriteNewLine(IBufferWriter<byte> output) => output.Write("\n"u8);

    public static void Write(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A long did not fit in 20 bytes.");
        }
        output.Advance(written);
    }

    public static void Write(IBufferWriter<byte> output, double value)
    {
        if (!double.IsFinite(value))
        {
            output.Write(double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8);
            return;
        }
        var span = output.GetSpan(32);
        if (!value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A double did not fit in 32 bytes.");
        }
        output.Advance(written);
    }
}
