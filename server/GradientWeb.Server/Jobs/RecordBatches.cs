using GradientWeb.Engine.Training;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// Hands the trainer's records to its <see cref="Job"/> in batches: a lock and a wake-up per epoch cost a short job
/// about a third of its training thread (issue 19). The batch grows (doubling, up to <see cref="MaxCount"/>) while
/// batches fill within <see cref="MaxDelayMilliseconds"/> and shrinks when they do not; and a batch older than that goes
/// at its next record whatever its size, so a job that slows down (a large batch half full) holds no record back from
/// its watchers longer than one epoch past the budget, and a slow job hands over each record as it is made. A batch also goes
/// at a sixteenth of the job's <see cref="Job.MaxHeldValues"/>, so memory stays within the cap plus a little;
/// <see cref="Flush"/> hands over the rest when training stops, however it stops.
/// </summary>
public sealed class RecordBatches(Job job, CancellationToken cancellationToken)
{
    public const int MaxCount = 256;
    public const int MaxDelayMilliseconds = 10;

    private readonly EpochRecord[] _batch = new EpochRecord[MaxCount];
    private readonly long _maxValues = Math.Max(1, job.MaxHeldValues / 16);
    private int _size = 1;
    private int _count;
    private long _values;
    private long _handedAt = Environment.TickCount64;

    /// <summary>How many records the batch now holds before it goes (tests).</summary>
    internal int Size => _size;

    public void Add(EpochRecord record)
    {
        _batch[_count++] = record;
        _values += Storage.RecordChunks.Values(record);
        // The clock at every record: a coarse monotonic read, cheap beside an epoch (lecture 000: ~400 ns).
        if (_count >= _size || _values >= _maxValues || Environment.TickCount64 - _handedAt >= MaxDelayMilliseconds)
        {
            Flush();
        }
    }

    public void Flush()
    {
        if (_count > 0)
        {
            var batch = _batch.AsSpan(0, _count);
            (_count, _values) = (0, 0);
            job.Append(batch, cancellationToken);
            batch.Clear();
        }

        var now = Environment.TickCount64;
        _size = now - _handedAt < MaxDelayMilliseconds ? Math.Min(MaxCount, _size * 2) : Math.Max(1, _size / 2);
        _handedAt = now;
    }
}
