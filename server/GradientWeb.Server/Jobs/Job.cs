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
public sealed partial class Job
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

    /// <summary>Whether the start diagnostics are in (the feed asks every flush until they are; no snapshot made).</summary>
    public bool HasDiagnostics
    {
        get
        {
            lock (_lock)
            {
                return _diagnostics is not null;
            }
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
