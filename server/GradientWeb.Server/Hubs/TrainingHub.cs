using System.Runtime.CompilerServices;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Hubs;

/// <summary><c>/hubs/training</c>: a page watches jobs and receives their records live.</summary>
public sealed class TrainingHub(IJobStore store, LocalWatchers watchers, IOptions<TrainingOptions> training, IOptions<FeedOptions> feed) : Hub<ITrainingClient>
{
    /// <summary>
    /// Joins the job's group and streams its snapshot in pages of bounded size (the first carries the job); live
    /// <c>Epochs</c> continue from the last page's end, so a client holds them until the stream completes.
    /// </summary>
    public async IAsyncEnumerable<WatchPage> Watch(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var job = store.Find(jobId) ?? throw new HubException($"Job '{jobId}' does not exist.");
        var connection = Context.ConnectionId;
        var start = await JobFeed.For(job).JoinAsync(() => Groups.AddToGroupAsync(connection, JobFeed.GroupName(job.Id), cancellationToken), () => store.Find(jobId));
        watchers.Add(job.Id, connection, told: start.Job.Status.IsFinished());
        await foreach (var page in SnapshotPages.ReadAsync(store, job, start, feed.Value.SnapshotPageBytes, training.Value.StreamYhatBudget, cancellationToken))
        {
            yield return page;
        }
    }

    public Task Unwatch(string jobId)
    {
        watchers.Remove(jobId, Context.ConnectionId);
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, JobFeed.GroupName(jobId));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
