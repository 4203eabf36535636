using System.Collections.Concurrent;
using System.Security.Cryptography;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Api;
using GradientWeb.Server.Setup;
using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Jobs;

/// <summary>Where jobs live: the SQLite file, with the jobs this process is training held in memory.</summary>
public interface IJobStore
{
    /// <summary>A live job, or one read back from storage (with its records when <paramref name="withRecords"/>).</summary>
    Job? Find(string id, bool withRecords = false);

    /// <summary>Stores a new job (queued) and keeps it live.</summary>
    void Add(Job job);

    /// <summary>Removes a job that was never queued (the queue was full): nothing is left behind.</summary>
    void Discard(Job job);

    /// <summary>Newest first, paged, optionally of one status: read from the rows, without rebuilding each job.</summary>
    IReadOnlyList<JobSummary> Recent(int offset, int limit, JobStatus? status = null);

    /// <summary>Records [from, to) of a job, live or stored.</summary>
    IReadOnlyList<EpochRecord> Records(Job job, int from, int? to);

    /// <summary>The job finished and its history is durable: drop it from memory.</summary>
    void Release(Job job);

    /// <summary>Puts a job (back) in memory, for a restart.</summary>
    void Track(Job job);

    bool Purge(string id);
}

public static class JobIds
{
    /// <summary>96 random bits, hex: unguessable, URL-safe, short enough to share.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}

/// <summary>Jobs in the SQLite file; the ones training in this process are also held in memory for their feeds.</summary>
public sealed class JobStore(JobRepository repository) : IJobStore
{
    private readonly ConcurrentDictionary<string, Job> _live = new(StringComparer.Ordinal);

    public Job? Find(string id, bool withRecords = false)
    {
        if (_live.TryGetValue(id, out var live))
        {
            return live;
        }

        if (id.Length != 24 || repository.Find(id) is not { } stored)
        {
            return null;
        }

        return Restore(stored, withRecords ? repository.Records(id) : null);
    }

    public void Add(Job job)
    {
        repository.Insert(job);
        _live[job.Id] = job;
    }

    public void Discard(Job job)
    {
        _live.TryRemove(job.Id, out _);
        repository.Delete(job.Id);
    }

    public IReadOnlyList<JobSummary> Recent(int offset, int limit, JobStatus? status = null) =>
        [.. repository.List(offset, limit, status).Select(s => _live.TryGetValue(s.Id, out var live) ? live.Summary() : s.Summary)];

    public IReadOnlyList<EpochRecord> Records(Job job, int from, int? to) =>
        _live.ContainsKey(job.Id) ? job.Records(from, to) : repository.Records(job.Id, from, to ?? int.MaxValue);

    public void Release(Job job) => _live.TryRemove(new KeyValuePair<string, Job>(job.Id, job));

    public void Track(Job job) => _live[job.Id] = job;

    public bool Purge(string id)
    {
        _live.TryRemove(id, out _);
        return repository.Delete(id);
    }

    /// <summary>
    /// A stored job as a <see cref="Job"/>: its spec is rebuilt from the stored request and the points stored with it,
    /// never by resolving its data set again (an uploaded set may be gone).
    /// </summary>
    private static Job Restore(StoredJob stored, IReadOnlyList<EpochRecord>? records)
    {
        var (spec, _) = TrainRequestMapper.Map(stored.Request, Unlimited, uploads: null, stored.Data);
        return Job.Restore(stored.Id, stored.Request, spec, stored.ParamNames, stored.CreatedAt, stored.State, records);
    }

    // A stored job was valid when it was accepted; a lower cap configured since must not make it unreadable.
    private static readonly TrainingOptions Unlimited = new() { MaxEpochs = int.MaxValue };
}
