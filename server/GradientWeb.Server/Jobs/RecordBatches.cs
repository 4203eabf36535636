using GradientWeb.Engine.Training;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// Hands the trainer's records to its <see cref="Job"/> in batches, as slices of the blocks the run writes them into
/// (nothing allocated per record): a lock and a wake-up per epoch cost a short job about a third of its training thread
/// (issue 19). The batch grows (doubling, up to <see cref="MaxCount"/>) while batches fill within
/// <see cref="MaxDelayMilliseconds"/> and shrinks when they do not; and a batch older than that goes at its next record
/// whatever its size, so a job that slows down (a large batch half full) holds no record back from its watchers longer
/// than one epoch past the budget, and a slow job hands over each record as it is made. A batch also goes at a
/// sixteenth of the job's <see cref="Job.MaxHeldValues"/>, so memory stays within the cap plus a little, and when the
/// run moves on to a new block; <see cref="Flush"/> hands over the rest when training stops, however it stops.
/// </summary>
public sealed class RecordBatches(Job job, CancellationToken cancellationToken) : IRecordSink
{
    public const int MaxCount = 256;
    public const int MaxDelayMilliseconds = 10;

    private readonly long _maxValues = Math.Max(1, job.MaxHeldValues / 16);
    private RecordBlock? _block;
    private int _from;
    private int _size = 1;
    private long _handedAt = Environment.TickCount64;

    /// <summary>How many records the batch now holds before it goes (tests).</summary>
    internal int Size => _size;

    public void Added(RecordBlock block)
    {
        if (!ReferenceEquals(block, _block))
        {
            // A new block: the last one's records go first, in order.
            HandOver();
            (_block, _from) = (block, block.Count - 1);
        }

        var count = block.Count - _from;
        // The clock at every record: a coarse monotonic read, cheap beside an epoch (lecture 000: ~400 ns).
        if (count >= _size || block.Values(_from, count) >= _maxValues || Environment.TickCount64 - _handedAt >= MaxDelayMilliseconds)
        {
            Flush();
        }
    }

    public void Flush()
    {
        HandOver();
        var now = Environment.TickCount64;
        _size = now - _handedAt < MaxDelayMilliseconds ? Math.Min(MaxCount, _size * 2) : Math.Max(1, _size / 2);
        _handedAt = now;
    }

    private void HandOver()
    {
        if (_block is { } block && block.Count > _from)
        {
            var from = _from;
            _from = block.Count;
            job.Append(block, from, block.Count - from, cancellationToken);
        }
    }
}
