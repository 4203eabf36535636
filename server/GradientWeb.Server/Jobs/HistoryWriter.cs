using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Jobs;

/// <summary>
/// Moves a running job's new records to storage in batches, off the training thread: training only appends in
/// memory and never waits on the disk. <see cref="FinishAsync"/> writes what is left together with the final state.
/// </summary>
public sealed class HistoryWriter(Job job, JobRepository repository)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _written;

    /// <summary>How many of the job's records are durable: with a backplane the feed sends no record before it is.</summary>
    public int Written => Volatile.Read(ref _written);

    /// <summary>The last periodic write that failed (the database unreachable, say); the next tick tries again.</summary>
    public Exception? LastError { get; private set; }

    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // Every interval, or at once when the trainer waits for room (Job.MaxHeldValues).
                await job.StoreNow.WaitAsync(interval, cancellationToken);
                try
                {
                    await FlushAsync();
                    LastError = null;
                }
                catch (Exception ex) when (ex is not LeaseLostException)
                {
                    // Nothing was stored (one transaction): the records stay in memory and the next try writes them.
                    LastError = ex;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The job ended; FinishAsync writes the rest.
        }
    }

    /// <summary>Every remaining record and <paramref name="final"/> in one transaction; returns once durable.</summary>
    public Task FinishAsync(JobState final) => WriteAsync(final);

    /// <summary>Every record so far, beside the job's current state; returns once durable.</summary>
    public Task FlushAsync() => WriteAsync(null);

    private async Task WriteAsync(JobState? final)
    {
        await _gate.WaitAsync();
        try
        {
            // The job's state is read under the gate: read before waiting, it could be older than the write that went
            // first (the worker's "running") and store "queued" beside epochs already trained, which another node's
            // watcher reads as "no history yet".
            var state = final ?? job.Snapshot();
            var batch = job.Records(_written);
            await Task.Run(() => repository.Save(job.Id, batch, state with { EpochsDone = batch.Count > 0 ? Math.Max(state.EpochsDone, batch.LastEpoch) : state.EpochsDone }));
            Volatile.Write(ref _written, _written + batch.Count);
            job.MarkStored(_written);
        }
        finally
        {
            _gate.Release();
        }
    }
}
