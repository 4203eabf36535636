using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GradientWeb.Server.Jobs;

/// <summary>Where jobs live while the process runs.</summary>
public interface IJobStore
{
    Job? Find(string id);

    void Add(Job job);

    /// <summary>Newest first.</summary>
    IReadOnlyList<Job> Recent(int limit);
}

/// <summary>Jobs in memory, keyed by an opaque random id.</summary>
public sealed class InMemoryJobStore : IJobStore
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    /// <summary>96 random bits, hex: unguessable, URL-safe, short enough to share.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public Job? Find(string id) => _jobs.GetValueOrDefault(id);

    public void Add(Job job)
    {
        if (!_jobs.TryAdd(job.Id, job))
        {
            throw new InvalidOperationException($"Job id {job.Id} is taken.");
        }
    }

    public IReadOnlyList<Job> Recent(int limit) =>
        [.. _jobs.Values.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(limit)];
}
