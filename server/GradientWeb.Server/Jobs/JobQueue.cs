using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GradientWeb.Server.Setup;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// A job handed to a worker. <see cref="LeaseLost"/> fires when another node has taken it over (PostgreSQL: this
/// node's lease ran out): the worker then stops and writes nothing more. Never fires on the in-process queue.
/// </summary>
public sealed record JobClaim(Job Job, CancellationToken LeaseLost);

/// <summary>
/// Where accepted jobs wait for a worker: in this process (<see cref="ChannelJobQueue"/>, one node on SQLite) or in
/// the database every node shares (<see cref="Storage.PostgresJobQueue"/>).
/// </summary>
public interface IJobQueue
{
    /// <summary>True when the queue is the shared database: a stored job is claimed by whichever node is free.</summary>
    bool IsShared { get; }

    /// <summary>Jobs waiting now.</summary>
    int Count { get; }

    int Capacity { get; }

    /// <summary>False when the queue is full: the caller answers 429 and keeps nothing.</summary>
    bool TryEnqueue(Job job);

    /// <summary>One worker's jobs, one at a time: the next is taken only once the worker asks for it.</summary>
    IAsyncEnumerable<JobClaim> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Keeps this node's claims alive while it runs (renewing leases, reading cancel requests).</summary>
    Task MaintainAsync(CancellationToken cancellationToken);

    /// <summary>The worker is done with the job (whatever its end): its claim is dropped.</summary>
    void Release(JobClaim claim);

    /// <summary>The host stops under a running job: true when the queue gave it to another node, false to mark it interrupted.</summary>
    bool HandBack(JobClaim claim);
}

/// <summary>The bounded in-process queue between <c>POST /train</c> and the worker (the docs' queued background service).</summary>
public sealed class ChannelJobQueue(IOptions<TrainingOptions> options) : IJobQueue
{
    private readonly Channel<Job> _channel = Channel.CreateBounded<Job>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = false,
        SingleReader = false,
    });

    public bool IsShared => false;

    public int Count => _channel.Reader.Count;

    public int Capacity => options.Value.QueueCapacity;

    public bool TryEnqueue(Job job) => _channel.Writer.TryWrite(job);

    public async IAsyncEnumerable<JobClaim> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var job in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return new JobClaim(job, CancellationToken.None);
        }
    }

    public Task MaintainAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Release(JobClaim claim)
    {
    }

    public bool HandBack(JobClaim claim) => false;
}
