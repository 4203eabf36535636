using System.Runtime.InteropServices;
using System.Text;
using GradientWeb.Engine.Training;

namespace GradientWeb.Server.Storage;

/// <summary>
/// A run of consecutive records as one blob (little-endian; float32 exact): one row per chunk instead of one per
/// epoch, so storing a 100 000-epoch job costs a few hundred inserts rather than 100 000 (issue 19). A chunk holds
/// at most <see cref="MaxRecords"/> records or about <see cref="MaxValues"/> floats, so reading one epoch back
/// decodes a bounded amount whatever the model's size.
/// </summary>
internal static class RecordChunks
{
    public const int MaxRecords = 4096;
    public const int MaxValues = 1 << 16;

    [Flags]
    private enum Parts : byte
    {
        None = 0,
        Yhat = 1,
        Validation = 2,
        Metrics = 4,
        MetricValidation = 8,
        Steps = 16,
    }

    /// <summary>Consecutive slices of <paramref name="records"/>, each within the chunk bounds (at least one record).</summary>
    public static IEnumerable<(int From, int Count)> Split(IReadOnlyList<EpochRecord> records)
    {
        var start = 0;
        long values = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var size = Values(records[i]);
            if (i > start && (i - start >= MaxRecords || values + size > MaxValues))
            {
                yield return (start, i - start);
                (start, values) = (i, 0);
            }

            values += size;
        }

        if (records.Count > start)
        {
            yield return (start, records.Count - start);
        }
    }

    public static byte[] Encode(IReadOnlyList<EpochRecord> records, int from, int count)
    {
        // Written into its exact size: grown by doubling, a 100 000-epoch job's chunks cost several large-object copies each.
        var blob = new byte[EncodedLength(records, from, count)];
        using var stream = new MemoryStream(blob);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(count);
            for (var i = from; i < from + count; i++)
            {
                Write(writer, records[i]);
            }
        }

        // A blob longer than what was written would end in zeros that read back as more records.
        return stream.Position == blob.Length ? blob : throw new InvalidOperationException($"A chunk wrote {stream.Position} of the {blob.Length} bytes it was sized for.");
    }

    /// <summary>The bytes <see cref="Encode"/> writes for these records.</summary>
    internal static long EncodedLength(IReadOnlyList<EpochRecord> records, int from, int count)
    {
        var size = 4L;
        for (var i = from; i < from + count; i++)
        {
            size += Bytes(records[i]);
        }

        return size;
    }

    public static IEnumerable<EpochRecord> Decode(byte[] blob)
    {
        using var reader = new BinaryReader(new MemoryStream(blob, writable: false), Encoding.UTF8);
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            yield return Read(reader);
        }
    }

    /// <summary>The floats one record holds: what chunks and a running job's memory are bounded by.</summary>
    internal static long Values(EpochRecord r) =>
        2 + r.Weights.Length + (r.Yhat?.Length ?? 0) + (r.Steps is null ? 0 : r.Steps.Losses.Length * (1 + r.Weights.Length));

    // What Write writes for one record (a metric's name: a length byte and its UTF-8, names being short).
    private static long Bytes(EpochRecord r) =>
        9 + (4 * (1 + (long)r.Weights.Length))
        + (r.Yhat is null ? 0 : 4 * (1 + (long)r.Yhat.Length))
        + (r.ValidationLoss is null ? 0 : 4)
        + (r.Metrics is null ? 0 : 1 + Encoding.UTF8.GetByteCount(r.Metrics.Name) + 4 + (r.Metrics.Validation is null ? 0 : 4))
        + (r.Steps is null ? 0 : 4 * (1 + (long)r.Steps.Losses.Length) + r.Steps.Weights.Sum(w => 4 * (1 + (long)w.Length)));

    private static void Write(BinaryWriter writer, EpochRecord r)
    {
        var parts = (r.Yhat is null ? Parts.None : Parts.Yhat)
            | (r.ValidationLoss is null ? Parts.None : Parts.Validation)
            | (r.Metrics is null ? Parts.None : Parts.Metrics)
            | (r.Metrics?.Validation is null ? Parts.None : Parts.MetricValidation)
            | (r.Steps is null ? Parts.None : Parts.Steps);
        writer.Write(r.Epoch);
        writer.Write(r.Loss);
        writer.Write((byte)parts);
        Floats(writer, r.Weights);
        if (r.Yhat is { } yhat)
        {
            Floats(writer, yhat);
        }

        if (r.ValidationLoss is { } validation)
        {
            writer.Write(validation);
        }

        if (r.Metrics is { } metrics)
        {
            writer.Write(metrics.Name);
            writer.Write(metrics.Train);
            if (metrics.Validation is { } v)
            {
                writer.Write(v);
            }
        }

        if (r.Steps is { } steps)
        {
            Floats(writer, steps.Losses);
            foreach (var weights in steps.Weights)
            {
                Floats(writer, weights);
            }
        }
    }

    private static EpochRecord Read(BinaryReader reader)
    {
        var epoch = reader.ReadInt32();
        var loss = reader.ReadSingle();
        var parts = (Parts)reader.ReadByte();
        var weights = Floats(reader);
        var yhat = parts.HasFlag(Parts.Yhat) ? Floats(reader) : null;
        float? validation = parts.HasFlag(Parts.Validation) ? reader.ReadSingle() : null;
        EpochMetrics? metrics = null;
        if (parts.HasFlag(Parts.Metrics))
        {
            var name = reader.ReadString();
            var train = reader.ReadSingle();
            metrics = new EpochMetrics(name, train, parts.HasFlag(Parts.MetricValidation) ? reader.ReadSingle() : null);
        }

        BatchSteps? steps = null;
        if (parts.HasFlag(Parts.Steps))
        {
            var losses = Floats(reader);
            steps = new BatchSteps(losses, [.. losses.Select(_ => Floats(reader))]);
        }

        return new EpochRecord(epoch, loss, weights, yhat) { ValidationLoss = validation, Metrics = metrics, Steps = steps };
    }

    private static void Floats(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static float[] Floats(BinaryReader reader)
    {
        var values = new float[reader.ReadInt32()];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
