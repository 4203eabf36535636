using System.Text.Json;
using System.Threading.Channels;
using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Setup;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// One training job: what was asked, its status, and its history. The training thread appends records while
/// readers take consistent snapshots, so every mutable part sits behind one lock.
/// </summary>
public sealed class Job
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cancellation = new();

    // The records in memory: those not yet both stored (HistoryWriter) and sent (JobFeed), as slices of the blocks the
    // run wrote them into (no object per epoch). Older ones are read from storage; _dropped counts them, so positions
    // stay those of the whole history.
    private readonly List<RecordSlice> _held = [];
    private int _heldCount;
    private int _dropped;
    private int _lastDroppedEpoch = -1;
    private long _heldValues;
    private int _storedMark;
    private int _sentMark = int.MaxValue;

    // Set while the held records fit under MaxHeldValues: the trainer waits on it when they do not, until stored.
    private readonly ManualResetEventSlim _room = new(initialState: true);
    private readonly SemaphoreSlim _storeNow = new(0, 1);

    // At most one pending wake-up: the trainer never waits, and a reader catching up sees every change at once.
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    // 1 while a wake-up is pending: the trainer then skips the channel (and its lock) on every further record.
    private int _signalled;

    private JobStatus _status = JobStatus.Queued;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _finishedAt;
    private TrainingOutcome? _outcome;
    private string? _error;
    private StartDiagnostics? _diagnostics;
    private ITrainingRun? _prepared;
    private int _storedEpochsDone;

    public Job(string id, JsonElement request, TrainingSpec spec, ITrainingRun prepared, DateTimeOffset createdAt)
        : this(id, request, spec, prepared.ParamNames, createdAt)
    {
        _prepared = prepared;
    }

    private Job(string id, JsonElement request, TrainingSpec spec, IReadOnlyList<string> paramNames, DateTimeOffset createdAt)
    {
        Id = id;
        Request = request;
        Spec = spec;
        ParamNames = paramNames;
        CreatedAt = createdAt;
    }

    /// <summary>
    /// A job read back from storage: its state as stored; its records stay in storage. It is not running in this
    /// process, so its feed only ever serves snapshots (read from storage).
    /// </summary>
    public static Job Restore(string id, JsonElement request, TrainingSpec spec, IReadOnlyList<string> paramNames, DateTimeOffset createdAt, JobState state)
    {
        var job = new Job(id, request, spec, paramNames, createdAt)
        {
            _status = state.Status,
            _startedAt = state.StartedAt,
            _finishedAt = state.FinishedAt,
            _outcome = state.Outcome,
            _error = state.Error,
            _diagnostics = state.Diagnostics,
            _storedEpochsDone = state.EpochsDone,
        };
        return job;
    }

    public string Id { get; }

    /// <summary>The request with every default filled in, as JSON: its shape is the API's to read, at the edge.</summary>
    public JsonElement Request { get; }

    public TrainingSpec Spec { get; }

    public IReadOnlyList<string> ParamNames { get; }

    public int EpochsTotal => Spec.Epochs;

    public DateTimeOffset CreatedAt { get; }

    /// <summary>Signalled on every new record and status change; completed when the job will change no more.</summary>
    public ChannelReader<bool> Changes => field ??= new ChangeReader(this);

    internal ChannelReader<bool> RawChanges => _changes.Reader;

    internal void Rearm() => Volatile.Write(ref _signalled, 0);

    /// <summary>Cancelled by <see cref="Cancel"/>; the worker links it with the host's shutdown token.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    public JobStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>
    /// The most values (weights, ŷ, steps) of records held in memory while training: past it the trainer waits for
    /// the history writer, so a job's memory is bounded whatever its length (Training:MaxHeldValues).
    /// </summary>
    public long MaxHeldValues { get; set; } = TrainingOptions.DefaultMaxHeldValues;

    /// <summary>The most values this job held in memory at once: what <see cref="MaxHeldValues"/> bounds.</summary>
    public long PeakHeldValues
    {
        get
        {
            lock (_lock)
            {
                return field;
            }
        }

        private set;
    }

    /// <summary>Records of the whole history so far, stored or in memory.</summary>
    public int RecordCount
    {
        get
        {
            lock (_lock)
            {
                return _dropped + _heldCount;
            }
        }
    }

    /// <summary>Records held in memory now (the rest are in storage).</summary>
    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _heldCount;
            }
        }
    }

    public JobState Snapshot()
    {
        lock (_lock)
        {
            var done = _held.Count > 0 ? _held[^1].LastEpoch : _dropped > 0 ? _lastDroppedEpoch : _storedEpochsDone;
            return new JobState(_status, done, _startedAt, _finishedAt, _outcome, _error, _diagnostics);
        }
    }

    public JobSummary Summary() => new(Id, Request, ParamNames, EpochsTotal, CreatedAt, Snapshot(), Spec.RecordEvery);

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

    /// <summary>The start's gradient check and learning-rate bound, computed by the worker before epoch 0.</summary>
    public void SetDiagnostics(StartDiagnostics diagnostics)
    {
        lock (_lock)
        {
            _diagnostics = diagnostics;
        }
    }

    public void MarkRunning(DateTimeOffset now) => Transition(JobStatus.Running, () => _startedAt = now);

    public void MarkFinished(TrainingOutcome outcome, DateTimeOffset now) => Transition(
        outcome.End == TrainingEnd.Diverged ? JobStatus.Diverged : JobStatus.Completed,
        () =>
        {
            _outcome = outcome;
            _finishedAt = now;
        });

    public void MarkFailed(string error, DateTimeOffset now) => Transition(JobStatus.Failed, () =>
    {
        _error = error;
        _finishedAt = now;
    });

    public void MarkCancelled(DateTimeOffset now) => Transition(JobStatus.Cancelled, () => _finishedAt = now);

    /// <summary>The server is stopping under this job: it keeps its history and can be restarted.</summary>
    public void MarkInterrupted(DateTimeOffset now) => Transition(JobStatus.Interrupted, () => _finishedAt = now);

    /// <summary>
    /// The graph built when the job was validated, handed to the worker once so it is not built twice; null after
    /// that (a rerun prepares again from <see cref="Spec"/>).
    /// </summary>
    public ITrainingRun? TakePreparedRun() => Interlocked.Exchange(ref _prepared, null);

    /// <summary>The worker is done with the job: whoever reads <see cref="Changes"/> sends what is left and stops.</summary>
    public void CompleteChanges() => _changes.Writer.TryComplete();

    /// <summary>Asks a queued or running job to stop.</summary>
    public void Cancel() => _cancellation.Cancel();

    private void Transition(JobStatus status, Action apply)
    {
        lock (_lock)
        {
            _status = status;
            apply();
        }

        _changes.Writer.TryWrite(true);
    }
}

/// <summary>The feed's side of a job's wake-ups: taking one re-arms the trainer's flag before the feed reads the records.</summary>
file sealed class ChangeReader(Job job) : ChannelReader<bool>
{
    public override Task Completion => job.RawChanges.Completion;

    // Take the wake-up, then re-arm: re-armed first, a record appended in between found the channel still full (its
    // wake-up dropped) and the flag set, so every later record skipped the channel and the feed slept until the job
    // changed status (a trainer waiting for the feed to send, Job.MaxHeldValues, then waited for ever).
    public override bool TryRead(out bool item)
    {
        var read = job.RawChanges.TryRead(out item);
        job.Rearm();
        return read;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => job.RawChanges.WaitToReadAsync(cancellationToken);
}

/// <summary>A job's mutable state read at one instant.</summary>
public sealed record JobState(
    JobStatus Status,
    int EpochsDone,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    TrainingOutcome? Outcome,
    string? Error,
    StartDiagnostics? Diagnostics);
