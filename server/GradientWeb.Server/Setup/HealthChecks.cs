using GradientWeb.Server.Jobs;
using GradientWeb.Server.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GradientWeb.Server.Setup;

/// <summary>Ready only when the database (SQLite file or PostgreSQL) answers.</summary>
public sealed class StorageHealthCheck(JobRepository repository) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            repository.CanRead();
            return Task.FromResult(HealthCheckResult.Healthy("storage answers"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("storage does not answer", ex));
        }
    }
}

/// <summary>Ready only while the training worker consumes the queue.</summary>
public sealed class WorkerHealthCheck(TrainingWorker worker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(worker.IsRunning ? HealthCheckResult.Healthy("worker running") : HealthCheckResult.Unhealthy("worker not running"));
}
