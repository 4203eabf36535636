using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;

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

    /// <summary>Consecutive pieces of <paramref name="records"/>, each within the chunk bounds (at least one record) and one block's.</summary>
    public static IEnumerable<RecordSlice> Split(RecordSlices records)
    {
        foreach (var slice in records.Slices)
        {
            var (block, start, end) = (slice.Block, slice.From, slice.From + slice.Count);
            while (start < end)
            {
                // As many records as fit: at least one, at most MaxRecords and (past the first) about MaxValues floats.
                var count = Math.Min(end - start, MaxRecords);
                while (count > 1 && block.Values(start, count) > MaxValues)
                {
                    var fit = (int)(count * (double)MaxValues / block.Values(start, count));
                    count = Math.Clamp(fit, 1, count - 1);
                }

                yield return new RecordSlice(block, start, count);
                start += count;
            }
        }
    }

    /// <summary>One chunk's blob: its records' columns written record by record, straight from the run's block.</summary>
    public static byte[] Encode(RecordSlice chunk)
    {
        // Written into its exact size: grown by doubling, a 100 000-epoch job's chunks cost several large-object copies each.
        var blob = new byte[EncodedLength(chunk)];
        var span = blob.AsSpan();
        var at = Int(span, 0, chunk.Count);
        for (var i = chunk.From; i < chunk.From + chunk.Count; i++)
        {
            at = Write(span, at, chunk.Block, i);
        }

        // A blob longer than what was written would end in zeros that read back as more records.
        return at == blob.Length ? blob : throw new InvalidOperationException($"A chunk wrote {at} of the {blob.Length} bytes it was sized for.");
    }

    /// <summary>The bytes <see cref="Encode"/> writes for these records.</summary>
    internal static long EncodedLength(RecordSlice chunk)
    {
        var size = 4L;
        for (var i = chunk.From; i < chunk.From + chunk.Count; i++)
        {
            size += Bytes(chunk.Block, i);
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

    // What Write writes for one record (a metric's name: a length byte and its UTF-8, names being short).
    private static long Bytes(RecordBlock block, int i)
    {
        var parts = block.PartsOf(i);
        var steps = block.Steps(i);
        return 9 + (4 * (1 + (long)block.WeightCount))
            + (parts.HasFlag(RecordBlock.Parts.Yhat) ? 4 * (1 + (long)block.Rows) : 0)
            + (parts.HasFlag(RecordBlock.Parts.Validation) ? 4 : 0)
            + (block.MetricName(i) is { } name ? 1 + Encoding.UTF8.GetByteCount(name) + 4 + (parts.HasFlag(RecordBlock.Parts.MetricValidation) ? 4 : 0) : 0)
            + (steps is null ? 0 : 4 * (1 + (long)steps.Losses.Length) + steps.Weights.Sum(w => 4 * (1 + (long)w.Length)));
    }

    // The layout BinaryWriter wrote before blocks (chunks stored then read back the same): little-endian int32 epoch,
    // float32 loss, a parts byte, length-prefixed float arrays, the metric's name as a 7-bit-length-prefixed string.
    private static int Write(Span<byte> blob, int at, RecordBlock block, int i)
    {
        var parts = block.PartsOf(i);
        at = Int(blob, at, block.Epoch(i));
        at = Float(blob, at, block.Loss(i));
        blob[at++] = (byte)parts;
        at = Floats(blob, at, block.Weights(i));
        if (parts.HasFlag(RecordBlock.Parts.Yhat))
        {
            at = Floats(blob, at, block.Yhat(i));
        }

        if (block.ValidationLoss(i) is { } validation)
        {
            at = Float(blob, at, validation);
        }

        if (block.MetricName(i) is { } name)
        {
            var length = Encoding.UTF8.GetByteCount(name);
            blob[at++] = length < 128 ? (byte)length : throw new InvalidOperationException($"A metric name of {length} bytes.");
            at += Encoding.UTF8.GetBytes(name, blob[at..]);
            at = Float(blob, at, block.MetricTrain(i));
            if (block.MetricValidation(i) is { } v)
            {
                at = Float(blob, at, v);
            }
        }

        if (block.Steps(i) is { } steps)
        {
            at = Floats(blob, at, steps.Losses);
            foreach (var weights in steps.Weights)
            {
                at = Floats(blob, at, weights);
            }
        }

        return at;
    }

    private static int Int(Span<byte> blob, int at, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(blob[at..], value);
        return at + 4;
    }

    private static int Float(Span<byte> blob, int at, float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(blob[at..], value);
        return at + 4;
    }

    private static int Floats(Span<byte> blob, int at, ReadOnlySpan<float> values)
    {
        at = Int(blob, at, values.Length);
        MemoryMarshal.AsBytes(values).CopyTo(blob[at..]);
        return at + (values.Length * 4);
    }

    private static EpochRecord Read(BinaryReader reader)
    {
        var epoch = reader.ReadInt32();
        var loss = reader.ReadSingle();
        var parts = (RecordBlock.Parts)reader.ReadByte();
        var weights = Floats(reader);
        var yhat = parts.HasFlag(RecordBlock.Parts.Yhat) ? Floats(reader) : null;
        float? validation = parts.HasFlag(RecordBlock.Parts.Validation) ? reader.ReadSingle() : null;
        EpochMetrics? metrics = null;
        if (parts.HasFlag(RecordBlock.Parts.Metrics))
        {
            var name = reader.ReadString();
            var train = reader.ReadSingle();
            metrics = new EpochMetrics(name, train, parts.HasFlag(RecordBlock.Parts.MetricValidation) ? reader.ReadSingle() : null);
        }

        BatchSteps? steps = null;
        if (parts.HasFlag(RecordBlock.Parts.Steps))
        {
            var losses = Floats(reader);
            steps = new BatchSteps(losses, [.. losses.Select(_ => Floats(reader))]);
        }

        return new EpochRecord(epoch, loss, weights, yhat) { ValidationLoss = validation, Metrics = metrics, Steps = steps };
    }

    private static float[] Floats(BinaryReader reader)
    {
        var values = new float[reader.ReadInt32()];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
