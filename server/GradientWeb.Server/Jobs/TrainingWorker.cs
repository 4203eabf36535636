using GradientWeb.Engine.Training;
using GradientWeb.Server.Hubs;
using GradientWeb.Server.Setup;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// Trains queued jobs: <see cref="TrainingOptions.MaxConcurrentJobs"/> consumers read the same bounded channel,
/// so that many jobs run at once and the rest wait their turn.
/// </summary>
public sealed partial class TrainingWorker(
    JobQueue queue,
    ITrainingEngine engine,
    IHubContext<TrainingHub, ITrainingClient> hub,
    IOptions<TrainingOptions> options,
    TimeProvider time,
    ILogger<TrainingWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.MaxConcurrentJobs).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.ReadAllAsync(stoppingToken))
            {
                await TrainAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    private async Task TrainAsync(Job job, CancellationToken stoppingToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.CancellationToken);
        var settings = options.Value;
        var feed = job.Feed.RunAsync(hub, TimeSpan.FromMilliseconds(settings.StreamIntervalMilliseconds), settings.StreamYhatBudget, CancellationToken.None);
        try
        {
            cancellation.Token.ThrowIfCancellationRequested();
            job.MarkRunning(time.GetUtcNow());
            LogStarted(job.EpochsTotal);
            var run = job.TakePreparedRun() ?? engine.Prepare(job.Spec);

            // CPU-bound for up to minutes: a dedicated thread, so training never starves the thread pool that
            // serves requests and watchers (on a 2-core machine one pool thread is half of it).
            var outcome = await Task.Factory.StartNew(
                () =>
                {
                    job.SetDiagnostics(run.Diagnose());
                    return run.Run(job.Append, cancellation.Token);
                },
                cancellation.Token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            job.MarkFinished(outcome, time.GetUtcNow());
            LogFinished(job.Status, outcome.LastEpoch, outcome.FinalLoss);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            job.MarkCancelled(time.GetUtcNow());
            LogCancelled();
        }
        catch (Exception ex)
        {
            job.MarkFailed(ex.Message, time.GetUtcNow());
            LogFailed(ex);
        }
        finally
        {
            job.Feed.Complete();
            await feed;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training started: {Epochs} epochs")]
    private partial void LogStarted(int epochs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training {Status} at epoch {Epoch}, loss {Loss}")]
    private partial void LogFinished(JobStatus status, int epoch, float loss);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training cancelled")]
    private partial void LogCancelled();

    [LoggerMessage(Level = LogLevel.Error, Message = "Training failed")]
    private partial void LogFailed(Exception exception);
}
