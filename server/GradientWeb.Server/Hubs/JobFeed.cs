using System.Runtime.CompilerServices;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using Microsoft.AspNetCore.SignalR;

namespace GradientWeb.Server.Hubs;

/// <summary>
/// Pushes one job's records and status changes to its SignalR group, decoupled from training: the trainer only
/// appends and signals, and this loop sends whatever is new at most once per interval, in order. Joining a
/// group and taking the snapshot happen under the same gate as sending, so a watcher that joins mid-run gets
/// records [0, k) in the snapshot and exactly [k, …) live: no gap, no duplicate. Records and states become
/// responses here, at the edge.
/// </summary>
public sealed class JobFeed(Job job)
{
    // One feed per Job object, for as long as that object lives (the worker runs it, the hub joins it).
    private static readonly ConditionalWeakTable<Job, JobFeed> Feeds = [];

    private readonly SemaphoreSlim _gate = new(1, 1);

    private int _sent;
    private JobStatus? _sentStatus;
    private bool _sentDiagnostics;
    private bool _live;
    private bool _joined;
    private Func<int>? _durable;

    public static string GroupName(string jobId) => $"job:{jobId}";

    /// <summary>The job's feed.</summary>
    public static JobFeed For(Job job) => Feeds.GetValue(job, static j => new JobFeed(j));

    /// <summary>
    /// Sends what is new until the job completes its changes. With <paramref name="durable"/> (a backplane: watchers on
    /// other nodes read their snapshot from storage), only records already stored are sent, so a record a node-B
    /// watcher missed live is always in the snapshot it reads after joining.
    /// </summary>
    public async Task RunAsync(IHubContext<TrainingHub, ITrainingClient> hub, TimeSpan interval, long yhatBudget, CancellationToken cancellationToken, Func<int>? durable = null)
    {
        _durable = durable;
        // Live before the caller goes on to train: a watcher joining from now on takes its snapshot up to what this
        // loop has sent, never records the loop will send again. (Synchronous: the gate is only ever held briefly.)
        _gate.Wait(cancellationToken);
        _live = true;
        job.MarkSent(0);
        _gate.Release();
        try
        {
            var group = hub.Clients.Group(GroupName(job.Id));
            while (await job.Changes.WaitToReadAsync(cancellationToken))
            {
                job.Changes.TryRead(out _);
                await FlushAsync(group, yhatBudget);
                await Task.Delay(interval, cancellationToken);
            }

            await FlushAsync(group, yhatBudget);
        }
        finally
        {
            await SetLiveAsync(false);
            job.MarkSent(int.MaxValue);
        }
    }

    /// <summary>
    /// Adds a watcher (through <paramref name="addToGroup"/>) and says where its snapshot ends: everything sent before
    /// it joined. The snapshot itself is read afterwards, in pages (<see cref="SnapshotPages"/>), outside the gate.
    /// <paramref name="reread"/> reads the job again once the watcher is in the group: a job read from storage before
    /// (trained on another node) may have stored and sent more since, which the watcher would otherwise miss.
    /// </summary>
    public async Task<WatchStart> JoinAsync(Func<Task> addToGroup, Func<Job?>? reread = null)
    {
        await _gate.WaitAsync();
        try
        {
            await addToGroup();
            _joined = true;

            // While the loop runs, only what it already sent, and the job as of then: a status the loop has not
            // pushed yet (say "completed" while its last batch is in flight) comes live, after those records.
            // A job read back from storage holds no records: its stored state says how far its history goes.
            var count = _live ? _sent : job.RecordCount;
            var now = _live || count > 0 ? job : reread?.Invoke() ?? job;
            var through = count > 0 ? job.EpochAt(count - 1) : _live ? null : StoredThrough(now);
            var current = JobResponse.From(now);
            var asSent = _live && _sentStatus != current.Status ? AsOf(current, _sentStatus ?? JobStatus.Queued, through ?? 0) : current;
            return new WatchStart(asSent, through);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static int? StoredThrough(Job job)
    {
        var state = job.Snapshot();
        return state.Status == JobStatus.Queued ? null : state.EpochsDone;
    }

    private static JobResponse AsOf(JobResponse job, JobStatus status, int lastEpoch) => job with
    {
        Status = status,
        EpochsDone = lastEpoch,
        FinishedAt = null,
        Result = null,
        DivergedAt = null,
        Error = null,
    };

    private async Task FlushAsync(ITrainingClient group, long yhatBudget)
    {
        await _gate.WaitAsync();
        try
        {
            // Status first: a job is marked finished only after its last record, so a finished status read here
            // means the batch below holds everything, and watchers never see "completed" before the last epoch. The
            // message is the job as read here, not after the send: a fast job that finished meanwhile was once sent
            // as "completed" ahead of its last records (a watcher stopping there missed 2 577 of 10 001).
            // The start diagnostics (the health line's stable bound) may come after "running": a large job's are
            // computed beside its training, so the status goes again once they are in.
            var diagnosed = !_sentDiagnostics && job.HasDiagnostics;
            var changed = job.Status != _sentStatus || diagnosed ? JobResponse.From(job) : null;
            var status = changed?.Status ?? _sentStatus;
            var batch = job.Records(_sent, _durable?.Invoke());
            if (batch.Count > 0)
            {
                // Nobody has joined, and no backplane brings watchers from other nodes: nothing to map or send (most
                // jobs of a lecture hall are never opened); a watcher joining later gets these in its snapshot.
                if (_joined || _durable is not null)
                {
                    await Bounded(group.Epochs(job.Id, EpochRecordResponse.FromBatch(batch, yhatBudget)));
                }

                _sent += batch.Count;
                job.MarkSent(_sent);
            }

            if (changed is not null)
            {
                await Bounded(group.Status(changed));
                _sentStatus = status;
                _sentDiagnostics = changed.Diagnostics is not null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How long one group send may hold up the feed: a stalled watcher must not delay the others.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a send was refused (the Redis backplane away) or had not completed within <see cref="SendTimeout"/>
    /// (a publish Redis holds in its backlog fails only later): some watchers may have missed records or the end. The
    /// page reopens a job at a gap; a missed end is told by <see cref="RemoteJobEnds"/>, which this keeps from
    /// counting the watchers told (a watcher told twice ignores the second).
    /// </summary>
    public bool SendUnconfirmed { get; private set; }

    // A group send writes to every connection at once and completes when the slowest has taken it. Past the timeout
    // the feed moves on: the others already have the message, and the slow one gets it (in order, behind its own
    // write lock) when it catches up, or is dropped by SignalR's client timeout if it never does. A send the
    // backplane refuses (Redis down) is lost, not fatal: it once ended the feed, and with it the worker and the node.
    private async Task Bounded(Task send)
    {
        try
        {
            await send.WaitAsync(SendTimeout);
        }
        catch (TimeoutException)
        {
            SendUnconfirmed = true;
            _ = send.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SendUnconfirmed = true;
        }
    }

    private async Task SetLiveAsync(bool live)
    {
        await _gate.WaitAsync();
        _live = live;
        _gate.Release();
    }
}
