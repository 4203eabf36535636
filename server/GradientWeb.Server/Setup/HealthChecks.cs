using GradientWeb.Server.Jobs;
using GradientWeb.Server.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GradientWeb.Server.Setup;

/// <summary>
/// Ready only when storage (the SQLite file or PostgreSQL) answers and can be written: a database another process holds locked reads fine but
/// would refuse every new job, so the check also starts a write (that changes nothing) and rolls it back.
/// </summary>
public sealed class StorageHealthCheck(JobRepository repository, Database database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            repository.CanRead();
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("storage does not answer", ex));
        }

        try
        {
            using System.Data.Common.DbConnection connection = database.Open();
            using var transaction = connection.BeginTransaction();
            using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = "UPDATE jobs SET status = status WHERE 1 = 0"; // takes the write lock, changes no row
            write.ExecuteNonQuery();
            transaction.Rollback();
            return Task.FromResult(HealthCheckResult.Healthy("storage answers and can be written"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                StorageProblemHandler.IsBusy(ex) ? "storage cannot be written: another process holds it locked" : "storage cannot be written", ex));
        }
    }
}

/// <summary>Ready only while the training worker consumes the queue.</summary>
public sealed class WorkerHealthCheck(TrainingWorker worker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(worker.IsRunning ? HealthCheckResult.Healthy("worker running") : HealthCheckResult.Unhealthy("worker not running"));
}
