namespace GradientWeb.Server.Jobs;

/// <summary>
/// Tells a training job's watchers what is new while it runs. The worker starts one feed per job and needs nothing
/// else of how watchers are reached (Hubs/ implements it over SignalR), so Jobs/ does not depend on the hub.
/// </summary>
public interface IJobFeeds
{
    /// <summary>
    /// Live when it returns (a watcher joining from then on gets a snapshot that meets what the feed sends); runs until
    /// the job completes its changes. <paramref name="historyWritten"/> counts the records already stored.
    /// </summary>
    Task RunAsync(Job job, Func<int> historyWritten);
}
