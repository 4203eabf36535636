using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Hubs;

/// <summary>
/// On shared storage (several nodes), tells this node's watchers that a job trained elsewhere has ended when the node
/// that ended it could not: it died between storing the job's end and sending it, or it ended the job without training
/// it (a claim that could not prepare it, a cancel of a waiting job, a dead node's job cancelled by the next claim).
/// Every poll it reads which of the jobs watched here have ended, and once an end is older than <see cref="Grace"/>
/// sends each connection not yet told the job as stored. A connection already told by the job's own node gets it
/// twice, which the page ignores; one holding fewer records than the status says watches again, as the page does.
/// </summary>
public sealed partial class RemoteJobEnds(
    LocalWatchers watchers,
    JobRepository repository,
    IJobStore store,
    JobLeases leases,
    IJobQueue queue,
    IHubContext<TrainingHub, ITrainingClient> hub,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<RemoteJobEnds> logger) : BackgroundService
{
    /// <summary>
    /// How long the job's own node has to send its end: its feed sends within an interval (50 ms) and a bounded send
    /// (1 s). Only past this is a silent end taken to be lost.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queue.IsShared)
        {
            // One node: the node that ends a job is the one its watchers are connected to.
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(1000, storage.Value.PollMilliseconds)), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await TellAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database is away for a moment: the next poll tries again.
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    /// <summary>One poll: sends every lost end older than <see cref="Grace"/> to the connections here not yet told.</summary>
    public async Task TellAsync()
    {
        // A job this node trains is told by its own feed (and if this node dies, so do its watchers' connections).
        var watched = watchers.Untold().Where(id => !leases.TryGet(id, out _)).ToArray();
        if (watched.Length == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var (id, finishedAt) in await Task.Run(() => repository.Ended(watched)))
        {
            if (finishedAt > now - Grace)
            {
                continue;
            }

            var connections = watchers.TakeUntold(id);
            if (connections.Count > 0 && store.Find(id) is { } job)
            {
                LogTold(id, connections.Count);
                await hub.Clients.Clients(connections).Status(JobResponse.From(job));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ended on another node without a word to its watchers here: told {Count} of them")]
    private partial void LogTold(string jobId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read which watched jobs have ended; trying again")]
    private partial void LogFailed(Exception exception);
}
