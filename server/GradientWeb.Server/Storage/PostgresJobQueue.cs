using System.Runtime.CompilerServices;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Storage;

/// <summary>
/// The work queue across nodes: jobs wait as rows of PostgreSQL's <c>jobs</c> table. A free worker claims the oldest
/// waiting one with <c>FOR UPDATE SKIP LOCKED</c> (so two nodes never take the same row) and holds a lease on it
/// (<c>lease_owner</c>, <c>lease_expires</c>) that this node renews every <see cref="StorageOptions.PollMilliseconds"/>.
/// A node that dies stops renewing; once its lease has run out another node claims the job again, drops its partial
/// history and trains it from epoch 0 (training is deterministic). Each claim raises <c>attempt</c>, the fencing
/// token every history write checks, so the node that lost the lease cannot write after the new owner has begun.
/// </summary>
public sealed partial class PostgresJobQueue(
    Database database,
    JobRepository repository,
    JobLeases leases,
    ITrainingEngine engine,
    IOptions<StorageOptions> storage,
    IOptions<TrainingOptions> training,
    TimeProvider time,
    ILogger<PostgresJobQueue> logger) : IJobQueue
{
    private TimeSpan Poll => TimeSpan.FromMilliseconds(storage.Value.PollMilliseconds);

    private double LeaseSeconds => storage.Value.LeaseSeconds;

    public bool IsShared => true;

    public int Count => repository.CountQueued();

    public int Capacity => training.Value.QueueCapacity;

    /// <summary>The row stored by the job store is the queue entry: nothing more to do.</summary>
    public bool TryEnqueue(Job job) => true;

    public async IAsyncEnumerable<JobClaim> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            JobClaim? claim = null;
            try
            {
                claim = await Task.Run(TryClaim, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database is away for a moment: this worker waits and tries again rather than dying.
                LogClaimFailed(ex);
            }

            if (claim is not null)
            {
                yield return claim;
            }
            else
            {
                await Task.Delay(Poll, time, cancellationToken);
            }
        }
    }

    /// <summary>Every poll: renews this node's leases in one statement and reads their cancel flags.</summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Poll, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await Task.Run(Renew, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRenewFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    public void Release(JobClaim claim)
    {
        if (leases.TryGet(claim.Job.Id, out var lease))
        {
            leases.Drop(lease);
        }
    }

    /// <summary>Shutting down: the job goes back to waiting, for another node (or this one, restarted) to rerun.</summary>
    public bool HandBack(JobClaim claim)
    {
        if (!leases.TryGet(claim.Job.Id, out var lease))
        {
            return false;
        }

        using var connection = database.Open();
        using var back = connection.Command("""
            UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires = NULL
            WHERE id = @id AND lease_owner = @owner AND attempt = @attempt AND status = 'running'
            """);
        var handedBack = back.With("@id", lease.Job.Id).With("@owner", leases.NodeId).With("@attempt", lease.Attempt).ExecuteNonQuery() == 1;
        Release(claim);
        return handedBack;
    }

    private JobClaim? TryClaim()
    {
        string id;
        int attempt;
        using (var connection = database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            // A cancel asked of a job whose node died: it ends cancelled (history kept) rather than run again.
            using (var cancelled = connection.Command("""
                UPDATE jobs SET status = 'cancelled', finished_at = @now, lease_owner = NULL, lease_expires = NULL
                WHERE status = 'running' AND cancel_requested = 1 AND lease_expires < now()
                """, transaction))
            {
                cancelled.With("@now", JobRepository.Text(time.GetUtcNow())).ExecuteNonQuery();
            }

            using var claim = connection.Command("""
                WITH next AS (
                    SELECT id FROM jobs
                    WHERE status = 'queued' OR (status = 'running' AND lease_expires < now())
                    ORDER BY created_at, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                UPDATE jobs AS j SET status = 'running', lease_owner = @owner, lease_expires = now() + make_interval(secs => @lease),
                    attempt = j.attempt + 1, cancel_requested = 0, started_at = NULL, finished_at = NULL, outcome = NULL,
                    error = NULL, diagnostics = NULL, epochs_done = 0
                FROM next WHERE j.id = next.id
                RETURNING j.id, j.attempt
                """, transaction);
            claim.With("@owner", leases.NodeId).With("@lease", LeaseSeconds);
            (string Id, int Attempt)? next = null;
            using (var reader = claim.ExecuteReader())
            {
                if (reader.Read())
                {
                    next = (reader.GetString(0), reader.GetInt32(1));
                }
            }

            // Committed only once the reader is closed: Npgsql refuses a commit while a command is still reading
            // ("A command is already in progress"), which rolled back the cancel above on every idle poll.
            if (next is null)
            {
                transaction.Commit();
                return null;
            }

            (id, attempt) = next.Value;

            // A rerun replaces whatever a node that died left: the history starts again at epoch 0.
            using var drop = connection.Command("DELETE FROM epochs WHERE job_id = @id; DELETE FROM epoch_chunks WHERE job_id = @id;", transaction);
            drop.With("@id", id).ExecuteNonQuery();
            transaction.Commit();
        }

        var stored = repository.Find(id)!;
        ITrainingRun run;
        try
        {
            run = engine.Prepare(stored.Spec ?? throw new InvalidOperationException($"Job '{id}' has no stored spec."));
        }
        catch (Exception ex)
        {
            // What this node cannot build (an engine it lacks) fails here, under the lease, rather than pass from node to node.
            Fail(id, attempt, $"Node {leases.NodeId} could not prepare the job: {ex.Message}");
            LogPrepareFailed(id, ex);
            return null;
        }

        var job = new Job(id, stored.Request, stored.Spec, run, stored.CreatedAt);
        var lease = leases.Take(job, attempt);
        LogClaimed(id, attempt);
        return new JobClaim(job, lease.Lost);
    }

    private void Fail(string id, int attempt, string error)
    {
        using var connection = database.Open();
        using var fail = connection.Command("""
            UPDATE jobs SET status = 'failed', error = @error, finished_at = @now
            WHERE id = @id AND lease_owner = @owner AND attempt = @attempt
            """);
        fail.With("@id", id).With("@error", error).With("@now", JobRepository.Text(time.GetUtcNow()))
            .With("@owner", leases.NodeId).With("@attempt", attempt).ExecuteNonQuery();
    }

    private void Renew()
    {
        var held = leases.Held.ToArray();
        if (held.Length == 0)
        {
            return;
        }

        using var connection = database.Open();
        using var renew = connection.Command("""
            UPDATE jobs SET lease_expires = now() + make_interval(secs => @lease)
            WHERE lease_owner = @owner AND status = 'running' AND id = ANY(@ids)
            RETURNING id, attempt, cancel_requested
            """);
        renew.With("@lease", LeaseSeconds).With("@owner", leases.NodeId).With("@ids", held.Select(l => l.Job.Id).ToArray());
        var alive = new Dictionary<string, (int Attempt, bool Cancel)>(StringComparer.Ordinal);
        using (var reader = renew.ExecuteReader())
        {
            while (reader.Read())
            {
                alive[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2) != 0);
            }
        }

        foreach (var lease in held)
        {
            if (alive.TryGetValue(lease.Job.Id, out var row) && row.Attempt == lease.Attempt)
            {
                if (row.Cancel)
                {
                    lease.Job.Cancel();
                }
            }
            else if (!lease.Job.Status.IsFinished())
            {
                LogLeaseLost(lease.Job.Id, lease.Attempt);
                lease.Lose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed job {JobId} (attempt {Attempt})")]
    private partial void LogClaimed(string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease on job {JobId} (attempt {Attempt}): another node runs it now")]
    private partial void LogLeaseLost(string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed: this node could not prepare it")]
    private partial void LogPrepareFailed(string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim a job; trying again")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew this node's leases; trying again")]
    private partial void LogRenewFailed(Exception exception);
}
