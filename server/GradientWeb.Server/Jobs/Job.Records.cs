using GradientWeb.Engine.Training;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// The job's history in memory: the run's record blocks held until both stored and sent, read by position or
/// epoch, and the trainer held back while they exceed <see cref="Job.MaxHeldValues"/>.
/// </summary>
public sealed partial class Job
{
    /// <summary>
    /// Records at positions [from, to) of the whole history, as slices of the run's blocks (the records in them never
    /// change), so the caller reads them without the lock. Only positions still in memory: the writer and the feed, the
    /// only callers by position, never ask for what they have both passed.
    /// </summary>
    public RecordSlices Records(int from = 0, int? to = null)
    {
        lock (_lock)
        {
            var end = Math.Clamp((long)(to ?? int.MaxValue) - _dropped, 0, _heldCount);
            var start = Math.Clamp(from - _dropped, 0, end);
            if (start == end)
            {
                return RecordSlices.Empty;
            }

            var slices = new List<RecordSlice>();
            var at = 0L;
            foreach (var slice in _held)
            {
                var (lo, hi) = (Math.Max(start, at), Math.Min(end, at + slice.Count));
                if (lo < hi)
                {
                    slices.Add(slice with { From = slice.From + (int)(lo - at), Count = (int)(hi - lo) });
                }

                at += slice.Count;
            }

            return new RecordSlices([.. slices]);
        }
    }

    /// <summary>The epoch of the record at <paramref name="position"/>, the last one to leave memory included.</summary>
    public int EpochAt(int position)
    {
        lock (_lock)
        {
            if (position == _dropped - 1)
            {
                return _lastDroppedEpoch;
            }

            var at = position - _dropped;
            foreach (var slice in _held)
            {
                if (at >= 0 && at < slice.Count)
                {
                    return slice.Block.Epoch(slice.From + at);
                }

                at -= slice.Count;
            }

            throw new ArgumentOutOfRangeException(nameof(position), position, "That record is only in storage, or not made yet.");
        }
    }

    /// <summary>
    /// The records of epochs [from, to) still in memory, and the first epoch memory holds: every record before it is
    /// in storage (stored before it left memory), so a reader takes these first, then storage below that epoch.
    /// </summary>
    public (IReadOnlyList<EpochRecord> Held, int HeldFromEpoch) HeldRecordsOfEpochs(int from, int? to)
    {
        lock (_lock)
        {
            var heldFrom = _held.Count > 0 ? _held[0].FirstEpoch : _lastDroppedEpoch + 1;
            var records = new List<EpochRecord>();
            foreach (var slice in _held)
            {
                if (slice.LastEpoch < from || (to is not null && slice.FirstEpoch >= to))
                {
                    continue;
                }

                for (var i = slice.From; i < slice.From + slice.Count; i++)
                {
                    var epoch = slice.Block.Epoch(i);
                    if (epoch >= from && (to is null || epoch < to))
                    {
                        records.Add(slice.Block.ToRecord(i));
                    }
                }
            }

            return (records, heldFrom);
        }
    }

    /// <summary>The history writer stored every record before <paramref name="position"/>.</summary>
    public void MarkStored(int position)
    {
        lock (_lock)
        {
            _storedMark = Math.Max(_storedMark, position);
            DropPassed();
        }
    }

    /// <summary>The feed sent every record before <paramref name="position"/> (<see cref="int.MaxValue"/>: it has stopped).</summary>
    public void MarkSent(int position)
    {
        lock (_lock)
        {
            _sentMark = position;
            DropPassed();
        }
    }

    /// <summary>Released when the trainer waits for room: the history writer should store now, not at its next tick.</summary>
    public SemaphoreSlim StoreNow => _storeNow;

    /// <summary>
    /// Records [<paramref name="from"/>, from + <paramref name="count"/>) of the run's <paramref name="block"/>, next in
    /// order, under one lock and one wake-up (the trainer hands them over in batches, <see cref="RecordBatches"/>). Called
    /// on the training thread; never waits on a watcher, and waits on storage only while more than
    /// <see cref="MaxHeldValues"/> are not stored yet (a slow or unreachable database).
    /// </summary>
    public void Append(RecordBlock block, int from, int count, CancellationToken cancellationToken = default)
    {
        if (count == 0)
        {
            return;
        }

        bool full, chunkWaiting;
        lock (_lock)
        {
            // The run goes on in the same block: the held slice grows rather than a new one being added.
            if (_held.Count > 0 && _held[^1] is var last && ReferenceEquals(last.Block, block) && last.From + last.Count == from)
            {
                _held[^1] = last with { Count = last.Count + count };
            }
            else
            {
                _held.Add(new RecordSlice(block, from, count));
            }

            _heldCount += count;
            _heldValues += block.Values(from, count);
            PeakHeldValues = Math.Max(PeakHeldValues, _heldValues);
            full = _heldValues > MaxHeldValues;
            if (full)
            {
                _room.Reset();
            }

            // A whole chunk waiting: store it now, beside training, rather than at the writer's next tick (a short
            // job would otherwise end before the first tick and wait for its entire history to be written at the end).
            chunkWaiting = _dropped + _heldCount - _storedMark >= Storage.RecordChunks.MaxRecords;
        }

        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _changes.Writer.TryWrite(true);
        }

        if (full || chunkWaiting)
        {
            RequestStore();
        }

        if (full)
        {
            _room.Wait(cancellationToken);
        }
    }

    /// <summary>Records made as objects, appended in order (tests; the trainer hands over its blocks).</summary>
    public void Append(IReadOnlyList<EpochRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var slice in RecordSlices.Of(records).Slices)
        {
            Append(slice.Block, slice.From, slice.Count, cancellationToken);
        }
    }

    private void RequestStore()
    {
        try
        {
            if (_storeNow.CurrentCount == 0)
            {
                _storeNow.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Asked already.
        }
    }

    // Under the lock: records both stored and sent leave memory; the trainer goes on once the rest fit.
    private void DropPassed()
    {
        var passed = Math.Min(Math.Min(_storedMark, _sentMark) - _dropped, _heldCount);
        if (passed <= 0)
        {
            return;
        }

        _dropped += passed;
        _heldCount -= passed;
        while (passed > 0)
        {
            var first = _held[0];
            var take = Math.Min(passed, first.Count);
            _heldValues -= first.Block.Values(first.From, take);
            _lastDroppedEpoch = first.Block.Epoch(first.From + take - 1);
            passed -= take;
            if (take == first.Count)
            {
                _held.RemoveAt(0);
            }
            else
            {
                _held[0] = first with { From = first.From + take, Count = first.Count - take };
            }
        }

        if (_heldValues <= MaxHeldValues)
        {
            _room.Set();
        }
    }
}
