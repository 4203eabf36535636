using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Hubs;

/// <summary>Each job's <see cref="JobFeed"/> to its SignalR group, paced by <see cref="TrainingOptions"/>.</summary>
public sealed class SignalRJobFeeds(
    IHubContext<TrainingHub, ITrainingClient> hub, IOptions<TrainingOptions> training, IOptions<FeedOptions> feed, LocalWatchers watchers) : IJobFeeds
{
    // With a backplane, watchers on other nodes read their snapshot from storage: the feed sends only stored records.
    // (Live when it returns: JobFeed.RunAsync goes live before its first await, and so before this one's.)
    public async Task RunAsync(Job job, Func<int> historyWritten)
    {
        var jobFeed = JobFeed.For(job);
        await jobFeed.RunAsync(
            hub,
            TimeSpan.FromMilliseconds(training.Value.StreamIntervalMilliseconds),
            training.Value.StreamYhatBudget,
            CancellationToken.None,
            feed.Value.HasBackplane ? historyWritten : null);

        // Its end went to the group: RemoteJobEnds has nothing to tell this node's watchers of it, unless the
        // backplane refused a send or a send did not complete in time (then it tells them the end, straight to their
        // connections here).
        if (!jobFeed.SendUnconfirmed)
        {
            watchers.MarkTold(job.Id);
        }
    }
}
