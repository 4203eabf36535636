using System.Collections.Concurrent;
using GradientWeb.Server.Jobs;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Storage;

/// <summary>
/// A node's claim on a running job: the node id and the job's attempt number (its fencing token). Every write of the
/// job's history checks both, so once another node has claimed the job again this node can write nothing more.
/// </summary>
public sealed class Lease(Job job, int attempt) : IDisposable
{
    private readonly CancellationTokenSource _lost = new();

    public Job Job { get; } = job;

    public int Attempt { get; } = attempt;

    public CancellationToken Lost => _lost.Token;

    /// <summary>Another node owns the job now: stop training it.</summary>
    public void Lose()
    {
        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Released already: nothing runs under it any more.
        }
    }

    public void Dispose() => _lost.Dispose();
}

/// <summary>Thrown by a write under a lease another node has taken over: nothing of that write was stored.</summary>
public sealed class LeaseLostException(string jobId)
    : Exception($"Job '{jobId}' was claimed by another node: this node's lease ran out, so it writes nothing more.");

/// <summary>The leases this node holds (PostgreSQL only; empty on SQLite, where nothing is fenced).</summary>
public sealed class JobLeases(IOptions<StorageOptions> options)
{
    private readonly ConcurrentDictionary<string, Lease> _held = new(StringComparer.Ordinal);

    /// <summary>This node's name in <c>jobs.lease_owner</c>: configured, or host, process and a random suffix.</summary>
    public string NodeId { get; } = options.Value.NodeId is { Length: > 0 } configured
        ? configured
        : $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    public ICollection<Lease> Held => _held.Values;

    public Lease Take(Job job, int attempt) => _held[job.Id] = new Lease(job, attempt);

    public bool TryGet(string jobId, out Lease lease) => _held.TryGetValue(jobId, out lease!);

    public void Drop(Lease lease)
    {
        if (_held.TryRemove(new KeyValuePair<string, Lease>(lease.Job.Id, lease)))
        {
            lease.Dispose();
        }
    }
}
