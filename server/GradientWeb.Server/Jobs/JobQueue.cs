using System.Threading.Channels;
using GradientWeb.Server.Setup;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Jobs;

/// <summary>The bounded queue between <c>POST /train</c> and the worker (the docs' queued background service).</summary>
public sealed class JobQueue(IOptions<TrainingOptions> options)
{
    private readonly Channel<Job> _channel = Channel.CreateBounded<Job>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = false,
        SingleReader = false,
    });

    /// <summary>Jobs waiting now.</summary>
    public int Count => _channel.Reader.Count;

    public int Capacity => options.Value.QueueCapacity;

    /// <summary>False when the queue is full: the caller answers 429 and keeps nothing.</summary>
    public bool TryEnqueue(Job job) => _channel.Writer.TryWrite(job);

    public IAsyncEnumerable<Job> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
