using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Setup;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// Trains queued jobs: <see cref="TrainingOptions.MaxConcurrentJobs"/> consumers read the same queue (the in-process
/// channel, or the database every node claims from), so that many jobs run at once and the rest wait their turn.
/// </summary>
public sealed partial class TrainingWorker(
    IJobQueue queue,
    IJobStore store,
    Storage.JobRepository repository,
    ITrainingEngine engine,
    IJobFeeds feeds,
    IOptions<TrainingOptions> options,
    TimeProvider time,
    ILogger<TrainingWorker> logger) : BackgroundService
{
    /// <summary>True while the consumers run: part of /readyz.</summary>
    public bool IsRunning { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Jobs the last process left queued or running cannot resume mid-way; they keep their history as interrupted.
        // Not on a shared queue: there other nodes run those jobs, and a dead node's leases run out by themselves.
        if (!queue.IsShared)
        {
            var interrupted = await Task.Run(() => repository.MarkUnfinishedInterrupted(time.GetUtcNow()), stoppingToken);
            if (interrupted > 0)
            {
                LogInterruptedAtStart(interrupted);
            }
        }

        IsRunning = true;
        try
        {
            var consumers = Enumerable.Range(0, options.Value.MaxConcurrentJobs).Select(_ => ConsumeAsync(stoppingToken));
            await Task.WhenAll([queue.MaintainAsync(stoppingToken), .. consumers]);
        }
        finally
        {
            IsRunning = false;
        }
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var claim in queue.ReadAllAsync(stoppingToken))
            {
                store.Track(claim.Job);
                await TrainAsync(claim, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    private async Task TrainAsync(JobClaim claim, CancellationToken stoppingToken)
    {
        var job = claim.Job;

        // A message template, so a console scope reads "Job 1f2e…" and structured sinks still get JobId.
        using var scope = logger.BeginScope("Job {JobId}", job.Id);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.CancellationToken, claim.LeaseLost);
        var settings = options.Value;
        cancellation.CancelAfter(TimeSpan.FromSeconds(settings.MaxJobSeconds));
        job.MaxHeldValues = settings.MaxHeldValues;
        var history = new HistoryWriter(job, repository);
        var feed = feeds.RunAsync(job, () => history.Written);
        using var writing = new CancellationTokenSource();
        var writer = history.RunAsync(TimeSpan.FromMilliseconds(250), writing.Token);
        try
        {
            cancellation.Token.ThrowIfCancellationRequested();
            var started = time.GetUtcNow();
            await history.FinishAsync(job.Snapshot() with { Status = JobStatus.Running, StartedAt = started });
            job.MarkRunning(started);
            LogStarted(job.EpochsTotal);
            var run = job.TakePreparedRun() ?? engine.Prepare(job.Spec);

            // CPU-bound for up to minutes: a dedicated thread, so training never starves the thread pool that
            // serves requests and watchers (on a 2-core machine one pool thread is half of it).
            var outcome = await Task.Factory.StartNew(
                () =>
                {
                    // On a spare core beside the training when the job is large enough (a twin of the run: the same
                    // diagnostics bit for bit), else first on this thread; the job ends only once they are in.
                    var diagnostics = StartDiagnosis.Begin(run, () => engine.Prepare(job.Spec), cancellation.Token);
                    // In the job (and so to its watchers, whose health line needs them) as soon as they are in.
                    _ = diagnostics.ContinueWith(t => job.SetDiagnostics(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                    // Over Limits:MaxStoredValues only every k-th record is kept (the spec's RecordEvery: the run makes
                    // no other), so neither memory nor the file grows past the cap however many epochs a job runs.
                    var records = new RecordBatches(job, cancellation.Token);
                    try
                    {
                        var outcome = run.Run(records, cancellation.Token);
                        AwaitDiagnostics(diagnostics); // the job ends only once they are in (set below)
                        return outcome;
                    }
                    finally
                    {
                        // Set here too, not only by the continuation, so the job holds them before it ends (the
                        // continuation may run later); a cancelled or failed job keeps diagnostics that were done.
                        if (diagnostics.IsCompletedSuccessfully)
                        {
                            job.SetDiagnostics(diagnostics.Result);
                        }

                        // Cancelled, failed or done: the records trained so far are the job's history either way.
                        try
                        {
                            records.Flush();
                        }
                        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                        {
                            // The records are in; only the wait for the writer to make room was cut short.
                        }
                    }
                },
                cancellation.Token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            var end = outcome.End == TrainingEnd.Diverged ? JobStatus.Diverged : JobStatus.Completed;
            await EndAsync(claim, history, writing, writer, end, outcome: outcome);
            LogFinished(job.Status, outcome.LastEpoch, outcome.FinalLoss);
        }
        catch (Exception) when (claim.LeaseLost.IsCancellationRequested)
        {
            // Another node claimed the job (this node's lease ran out): it trains it from epoch 0; this one writes nothing.
            await StopWritingAsync(writing, writer);
            LogLeaseLost();
        }
        catch (OperationCanceledException) when (job.CancellationToken.IsCancellationRequested)
        {
            await EndAsync(claim, history, writing, writer, JobStatus.Cancelled);
            LogCancelled();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await StopWritingAsync(writing, writer);
            if (queue.HandBack(claim))
            {
                LogHandedBack();
            }
            else
            {
                await EndAsync(claim, history, writing, writer, JobStatus.Interrupted);
                LogInterrupted();
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await EndAsync(claim, history, writing, writer, JobStatus.Failed, error: $"The job ran longer than the wall-clock cap of {settings.MaxJobSeconds} s (Training:MaxJobSeconds).");
            LogFailed(null);
        }
        catch (Exception ex)
        {
            await EndAsync(claim, history, writing, writer, JobStatus.Failed, error: ex.Message);
            LogFailed(ex);
        }
        finally
        {
            job.CompleteChanges();
            try
            {
                await feed;
            }
            catch (Exception ex)
            {
                // The watchers' stream, not the job: a feed that fails must not take this consumer (and the node) down.
                LogFeedFailed(ex);
            }

            store.Release(job);
            queue.Release(claim);
        }
    }

    // A twin's analysis that failed (not cancelled) costs the job its diagnostics, not the training it has finished.
    private void AwaitDiagnostics(Task<StartDiagnostics> diagnostics)
    {
        try
        {
            diagnostics.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDiagnosticsFailed(ex);
        }
    }

    private static async Task StopWritingAsync(CancellationTokenSource writing, Task writer)
    {
        await writing.CancelAsync();
        try
        {
            await writer;
        }
        catch (Exception)
        {
            // A write refused under a lost lease, or a failing store: nothing more is written either way.
        }
    }

    // The last records are written first and only then is the clock read, so finishedAt is when the whole history is
    // durable (the user waits for that too); then the final state, and only then does the job report it (and its feed
    // push it), so a job is never seen finished before its history is durable.
    private async Task EndAsync(JobClaim claim, HistoryWriter history, CancellationTokenSource writing, Task writer, JobStatus status, TrainingOutcome? outcome = null, string? error = null)
    {
        var job = claim.Job;
        await StopWritingAsync(writing, writer);
        var now = time.GetUtcNow();
        try
        {
            await history.FlushAsync();
            now = time.GetUtcNow();
            await history.FinishAsync(job.Snapshot() with { Status = status, FinishedAt = now, Outcome = outcome, Error = error });
        }
        catch (Storage.LeaseLostException)
        {
            // Another node has the job now and reports its end; this node's copy says nothing more.
            LogLeaseLost();
            return;
        }
        catch (Exception ex)
        {
            // Storage failed: say so rather than claim a durable result, and keep this consumer alive for the next job.
            LogFailed(ex);
            status = JobStatus.Failed;
            error = $"Could not store the job's history: {ex.Message}";
        }

        switch (status)
        {
            case JobStatus.Completed or JobStatus.Diverged:
                job.MarkFinished(outcome!, now);
                break;
            case JobStatus.Cancelled:
                job.MarkCancelled(now);
                break;
            case JobStatus.Interrupted:
                job.MarkInterrupted(now);
                break;
            default:
                job.MarkFailed(error ?? "Training failed.", now);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training started: {Epochs} epochs")]
    private partial void LogStarted(int epochs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training {Status} at epoch {Epoch}, loss {Loss}")]
    private partial void LogFinished(JobStatus status, int epoch, float loss);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training cancelled")]
    private partial void LogCancelled();

    [LoggerMessage(Level = LogLevel.Error, Message = "Training failed")]
    private partial void LogFailed(Exception? exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training interrupted by shutdown; the history so far is kept")]
    private partial void LogInterrupted();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease: another node trains the job from epoch 0; this node stopped without writing")]
    private partial void LogLeaseLost();

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: the job went back to the shared queue for another node")]
    private partial void LogHandedBack();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} jobs left queued or running by the last process are now interrupted")]
    private partial void LogInterruptedAtStart(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The job's start diagnostics failed; it ends without them")]
    private partial void LogDiagnosticsFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The job's feed to its watchers failed; the job is unaffected")]
    private partial void LogFeedFailed(Exception exception);
}
