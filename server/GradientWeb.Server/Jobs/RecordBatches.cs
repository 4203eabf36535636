using GradientWeb.Engine.Training;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// Hands the trainer's records to its <see cref="Job"/> in batches: a lock and a wake-up per epoch cost a short job
/// about a third of its training thread (issue 19). A batch goes at <see cref="MaxCount"/> records, at a sixteenth of
/// the job's <see cref="Job.MaxHeldValues"/> (so memory stays within the cap plus a little), or once
/// <see cref="MaxDelayMilliseconds"/> have passed since the last, so a slow job's records still reach its watchers
/// at once (the feed pushes every 50 ms); <see cref="Flush"/> hands over the rest when training stops, however it stops.
/// </summary>
public sealed class RecordBatches(Job job, CancellationToken cancellationToken)
{
    public const int MaxCount = 256;
    public const int MaxDelayMilliseconds = 10;

    private readonly EpochRecord[] _batch = new EpochRecord[MaxCount];
    private readonly long _maxValues = Math.Max(1, job.MaxHeldValues / 16);
    private int _count;
    private long _values;
    private long _handedAt = Environment.TickCount64;

    public void Add(EpochRecord record)
    {
        _batch[_count++] = record;
        _values += Storage.RecordChunks.Values(record);
        if (_count == MaxCount || _values >= _maxValues || Environment.TickCount64 - _handedAt >= MaxDelayMilliseconds)
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

        _handedAt = Environment.TickCount64;
    }
}
