using System.Collections.Concurrent;
using System.Security.Cryptography;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Jobs;

/// <summary>Where jobs live: the database, with the jobs this process is training held in memory.</summary>
public interface IJobStore
{
    /// <summary>A live job, or one read back from storage (its records stay there: <see cref="Records"/>).</summary>
    Job? Find(string id);

    /// <summary>
    /// Stores new jobs and queues them, all or none: stored before they are queued (so the worker always finds a
    /// job's row), and taken back out if the queue has no room for every one. False: the queue is full;
    /// <see cref="StorageFullException"/>: the disk has no room for what they may store (nothing stored).
    /// </summary>
    bool Submit(IReadOnlyList<Job> jobs);

    /// <summary>
    /// Trains a stopped job again from its stored spec, under its id. Its old history is dropped only once the rerun
    /// has a place in the queue; null when the queue is full (the job is then left as it was, restartable).
    /// </summary>
    Job? Restart(Job stopped);

    /// <summary>Newest first, paged, optionally of one status: read from the rows, without rebuilding each job.</summary>
    IReadOnlyList<JobSummary> Recent(int offset, int limit, JobStatus? status = null);

    /// <summary>Records [from, to) of a job, live or stored.</summary>
    IReadOnlyList<EpochRecord> Records(Job job, int from, int? to);

    /// <summary>Cancels a queued or running job, wherever it runs; the job as it is now.</summary>
    Job Cancel(Job job);

    /// <summary>This process trains the job now (a claim from the shared queue): serve it from memory.</summary>
    void Track(Job job);

    /// <summary>The job finished and its history is durable: drop it from memory.</summary>
    void Release(Job job);

    bool Purge(string id);
}

public static class JobIds
{
    /// <summary>96 random bits, hex: unguessable, URL-safe, short enough to share.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}

/// <summary>
/// Jobs in the database; the ones training in this process are also held in memory for their feeds. On the shared
/// queue (PostgreSQL) a stored row is the queue entry, and a job is held here only by the node that claimed it.
/// </summary>
public sealed class JobStore(JobRepository repository, IJobQueue queue, ITrainingEngine engine, DiskRoom disk, TimeProvider time) : IJobStore
{
    private readonly ConcurrentDictionary<string, Job> _live = new(StringComparer.Ordinal);

    public Job? Find(string id)
    {
        if (_live.TryGetValue(id, out var live))
        {
            return live;
        }

        if (id.Length != 24 || repository.Find(id) is not { } stored)
        {
            return null;
        }

        return Restore(stored);
    }

    public bool Submit(IReadOnlyList<Job> jobs)
    {
        if (queue.Count + jobs.Count > queue.Capacity)
        {
            return false;
        }

        disk.EnsureRoomForJobs(jobs.Count, queue.Count);

        if (queue.IsShared)
        {
            repository.Insert(jobs);
            return true;
        }

        for (var i = 0; i < jobs.Count; i++)
        {
            repository.Insert([jobs[i]]);
            _live[jobs[i].Id] = jobs[i];
            if (!queue.TryEnqueue(jobs[i]))
            {
                // Another request took the room between the check and now: take these back out, whole.
                foreach (var queued in jobs.Take(i + 1))
                {
                    queued.Cancel();
                    _live.TryRemove(queued.Id, out _);
                    repository.Delete(queued.Id);
                }

                return false;
            }
        }

        return true;
    }

    public Job? Restart(Job stopped)
    {
        if (queue.Count >= queue.Capacity)
        {
            return null;
        }

        disk.EnsureRoomForJobs(1, queue.Count);

        if (queue.IsShared)
        {
            repository.ResetForRestart(stopped.Id);
            return Find(stopped.Id);
        }

        var job = new Job(stopped.Id, stopped.Request, stopped.Spec, engine.Prepare(stopped.Spec), stopped.CreatedAt);
        repository.ResetForRestart(job.Id);
        _live[job.Id] = job;
        if (!queue.TryEnqueue(job))
        {
            // Another request took the last place between the check and now: the job is left restartable.
            Release(job);
            repository.Save(job.Id, [], job.Snapshot() with { Status = JobStatus.Interrupted, FinishedAt = time.GetUtcNow(), Error = "The queue filled up while restarting; restart it again." });
            return null;
        }

        return job;
    }

    public IReadOnlyList<JobSummary> Recent(int offset, int limit, JobStatus? status = null) =>
        [.. repository.List(offset, limit, status).Select(s => _live.TryGetValue(s.Id, out var live) ? live.Summary() : s.Summary)];

    public IReadOnlyList<EpochRecord> Records(Job job, int from, int? to)
    {
        var split = job.Spec.Validation is not null;
        if (!_live.ContainsKey(job.Id))
        {
            return repository.Records(job.Id, from, to ?? int.MaxValue, split);
        }

        // Memory first, then storage below the first epoch memory held: a record leaves memory only once stored,
        // so none falls between the two reads and none is read twice.
        var (held, heldFrom) = job.HeldRecordsOfEpochs(from, to);
        return from >= heldFrom ? held : [.. repository.Records(job.Id, from, Math.Min(to ?? int.MaxValue, heldFrom), split), .. held];
    }

    public Job Cancel(Job job)
    {
        if (_live.TryGetValue(job.Id, out var live))
        {
            live.Cancel();
            return live;
        }

        // Queued in the shared database or running on another node: the flag in its row reaches whichever node has it.
        repository.RequestCancel(job.Id, time.GetUtcNow());
        return Find(job.Id) ?? job;
    }

    public void Track(Job job) => _live[job.Id] = job;

    public void Release(Job job) => _live.TryRemove(new KeyValuePair<string, Job>(job.Id, job));

    public bool Purge(string id)
    {
        _live.TryRemove(id, out _);
        return repository.Delete(id);
    }

    /// <summary>
    /// A stored job as a <see cref="Job"/>: its stored spec with the points stored with it, never its data set
    /// resolved again (an uploaded set may be gone) nor its request checked against today's caps.
    /// </summary>
    private static Job Restore(StoredJob stored) => Job.Restore(
        stored.Id,
        stored.Request,
        stored.Spec ?? throw new InvalidOperationException($"Job '{stored.Id}' has no stored spec; StoredSpecBackfill runs at start-up."),
        stored.ParamNames,
        stored.CreatedAt,
        stored.State);
}
