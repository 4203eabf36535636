using System.Text.Json;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Setup;
using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Api;

/// <summary>
/// At start-up, before the worker: jobs stored before schema v4 get the spec their request maps to (with the points
/// stored with them), once, so the job store reads every job back from its spec and never maps a request again.
/// </summary>
public sealed partial class StoredSpecBackfill(JobRepository repository, ILogger<StoredSpecBackfill> logger) : IHostedService
{
    // A stored job was valid when it was accepted; a lower cap configured since must not make it unreadable.
    private static readonly TrainingOptions Unlimited = new() { MaxEpochs = int.MaxValue };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, request, data) in repository.WithoutSpec())
        {
            try
            {
                var (spec, _) = TrainRequestMapper.Map(TrainRequest.Read(request), Unlimited, uploads: null, data);
                repository.SetSpec(id, spec);
            }
            catch (Exception ex) when (ex is RequestValidationException or SpecException or JsonException)
            {
                LogUnreadable(id, ex.Message);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored job {JobId} has a request this version cannot map to a spec: {Reason}")]
    private partial void LogUnreadable(string jobId, string reason);
}
