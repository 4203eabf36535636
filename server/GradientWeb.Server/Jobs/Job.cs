using System.Text.Json;
using System.Threading.Channels;
using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Training;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// One training job: what was asked, its status, and its history. The training thread appends records while
/// readers take consistent snapshots, so every mutable part sits behind one lock.
/// </summary>
public sealed class Job
{
    private readonly Lock _lock = new();
    private readonly List<EpochRecord> _records = [];
    private readonly CancellationTokenSource _cancellation = new();

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
    /// A job read back from storage: its state as stored and, when asked for, its records. It is not running in
    /// this process, so its feed only ever serves snapshots.
    /// </summary>
    public static Job Restore(string id, JsonElement request, TrainingSpec spec, IReadOnlyList<string> paramNames, DateTimeOffset createdAt, JobState state, IReadOnlyList<EpochRecord>? records)
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
        if (records is not null)
        {
            job._records.AddRange(records);
        }

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

    public int RecordCount
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public JobState Snapshot()
    {
        lock (_lock)
        {
            var done = _records.Count > 0 ? _records[^1].Epoch : _storedEpochsDone;
            return new JobState(_status, done, _startedAt, _finishedAt, _outcome, _error, _diagnostics);
        }
    }

    public JobSummary Summary() => new(Id, Request, ParamNames, EpochsTotal, CreatedAt, Snapshot(), Spec.RecordEvery);

    /// <summary>Records [from, to), copied out so the caller can read them without the lock.</summary>
    public IReadOnlyList<EpochRecord> Records(int from = 0, int? to = null)
    {
        lock (_lock)
        {
            var end = Math.Min(to ?? _records.Count, _records.Count);
            var start = Math.Clamp(from, 0, end);
            return _records.GetRange(start, end - start);
        }
    }

    /// <summary>The records of epochs [from, to): the same as by position unless the job keeps every k-th record.</summary>
    public IReadOnlyList<EpochRecord> RecordsOfEpochs(int from, int? to)
    {
        lock (_lock)
        {
            return [.. _records.Where(r => r.Epoch >= from && (to is null || r.Epoch < to))];
        }
    }

    /// <summary>Called on the training thread for every record; never waits on a watcher.</summary>
    public void Append(EpochRecord record)
    {
        lock (_lock)
        {
            _records.Add(record);
        }

        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _changes.Writer.TryWrite(true);
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

    public override bool TryRead(out bool item)
    {
        job.Rearm();
        return job.RawChanges.TryRead(out item);
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
