using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Hubs;

/// <summary><c>/hubs/training</c>: a page watches jobs and receives their records live.</summary>
public sealed class TrainingHub(IJobStore store, IOptions<TrainingOptions> options) : Hub<ITrainingClient>
{
    /// <summary>Joins the job's group and returns its snapshot; <c>Epochs</c> then continues from the snapshot's end.</summary>
    public async Task<WatchSnapshot> Watch(string jobId)
    {
        var job = store.Find(jobId, withRecords: true) ?? throw new HubException($"Job '{jobId}' does not exist.");
        return await JobFeed.For(job).JoinAsync(
            () => Groups.AddToGroupAsync(Context.ConnectionId, JobFeed.GroupName(job.Id)),
            options.Value.StreamYhatBudget);
    }

    public Task Unwatch(string jobId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, JobFeed.GroupName(jobId));
}
