using System.Text.Json;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Hubs;
using GradientWeb.Server.Jobs;
using Microsoft.AspNetCore.SignalR;

namespace GradientWeb.Server.Tests.Hubs;

/// <summary>
/// A send the backplane refuses (Redis away: its publish throws) is lost, not fatal: the feed goes on to the job's
/// end and says a send was refused. It once threw out of the feed, and the worker awaiting it stopped the host.
/// </summary>
public sealed class JobFeedTests
{
    [Fact]
    public async Task A_refused_send_does_not_end_the_feed_and_is_reported()
    {
        Assert.True(BuiltInDataSets.TryGet("icecream", out var data));
        var spec = new TrainingSpec(data, new ModelSpec(ModelKind.Linear), LossKind.Sse, new OptimizerSpec("sgd"), 0.001, 10, [-5, 10]);
        var job = new Job("0123456789abcdef01234568", JsonDocument.Parse("{}").RootElement, spec, new TrainingEngine().Prepare(spec), DateTimeOffset.UnixEpoch);
        var hub = new RefusingHub();

        // A backplane node sends whatever is stored (here: nothing but status changes), joined or not.
        var feed = JobFeed.For(job);
        var running = feed.RunAsync(hub, TimeSpan.FromMilliseconds(5), 0, CancellationToken.None, durable: () => int.MaxValue);
        job.MarkRunning(DateTimeOffset.UnixEpoch);
        await Task.Delay(50);
        job.CompleteChanges();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(hub.Refused > 0, "the feed should have tried to send the status change");
        Assert.True(feed.SendUnconfirmed);
    }

    private sealed class RefusingHub : IHubContext<TrainingHub, ITrainingClient>
    {
        private readonly RefusingClients _clients = new();

        public int Refused => _clients.Refused;

        public IHubClients<ITrainingClient> Clients => _clients;

        public IGroupManager Groups => throw new NotSupportedException();
    }

    private sealed class RefusingClients : IHubClients<ITrainingClient>, ITrainingClient
    {
        public int Refused;

        public ITrainingClient All => this;

        public ITrainingClient AllExcept(IReadOnlyList<string> excludedConnectionIds) => this;

        public ITrainingClient Client(string connectionId) => this;

        public ITrainingClient Clients(IReadOnlyList<string> connectionIds) => this;

        public ITrainingClient Group(string groupName) => this;

        public ITrainingClient GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => this;

        public ITrainingClient Groups(IReadOnlyList<string> groupNames) => this;

        public ITrainingClient User(string userId) => this;

        public ITrainingClient Users(IReadOnlyList<string> userIds) => this;

        public Task Epochs(string jobId, IReadOnlyList<EpochRecordResponse> records) => Refuse();

        public Task Status(JobResponse job) => Refuse();

        // As StackExchange.Redis fails a publish with no connection: a faulted task.
        private Task Refuse()
        {
            Interlocked.Increment(ref Refused);
            return Task.FromException(new InvalidOperationException("No connection is active/available to service this operation: PUBLISH"));
        }
    }
}
