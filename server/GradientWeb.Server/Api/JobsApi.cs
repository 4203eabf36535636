using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GradientWeb.Server.Api;

/// <summary><c>/jobs</c>: read jobs and their histories; cancel, purge and restart them.</summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/jobs").WithTags("Jobs");

        api.MapGet("", ListJobs).WithSummary("Jobs, newest first: ?offset=&limit= (1–500) and ?status=").ProducesValidationProblem();
        api.MapGet("/{id}", GetJob).WithSummary("One job: status, progress, result").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/history", GetHistory)
            .WithSummary("Every record so far: record k is the state after k updates (θₖ, L(θₖ), ŷ(θₖ))")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/data", GetData)
            .WithSummary("The points the job trains on: feature columns x and the target y")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", DeleteJob)
            .WithSummary("Cancel a queued or running job (history kept); with ?purge=true remove a finished job and its history")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id}/restart", RestartJob)
            .WithSummary("Run an interrupted, cancelled or failed job again from the start (training is deterministic)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.Create);

        return api;
    }

    public static Results<Ok<IReadOnlyList<JobResponse>>, ProblemHttpResult> ListJobs(IJobStore store, int? offset, int? limit, string? status)
    {
        JobStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<JobStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                return RequestJson.Invalid("status", $"Unknown status '{status}'. Known: {string.Join(", ", Enum.GetNames<JobStatus>().Select(n => n.ToLowerInvariant()))}.");
            }

            filter = parsed;
        }

        if (offset < 0)
        {
            return RequestJson.Invalid("offset", "offset cannot be negative.");
        }

        var jobs = store.Recent(offset ?? 0, Math.Clamp(limit ?? 50, 1, 500), filter);
        return TypedResults.Ok<IReadOnlyList<JobResponse>>([.. jobs.Select(j => JobResponse.From(j))]);
    }

    public static Results<Ok<JobResponse>, ProblemHttpResult> GetJob(string id, IJobStore store) =>
        store.Find(id) is { } job ? TypedResults.Ok(JobResponse.From(job)) : Problems.JobNotFound(id);

    public static Results<Ok<HistoryResponse>, ProblemHttpResult> GetHistory(string id, IJobStore store, int? from, int? to)
    {
        if (store.Find(id) is not { } job)
        {
            return Problems.JobNotFound(id);
        }

        var records = store.Records(job, Math.Max(0, from ?? 0), to is { } end ? Math.Max(0, end) : null);
        return TypedResults.Ok(new HistoryResponse([.. records.Select(r => EpochRecordResponse.From(r))]));
    }

    public static Results<Ok<JobDataResponse>, ProblemHttpResult> GetData(string id, IJobStore store) =>
        store.Find(id) is { Spec.Data: { } data } job ? TypedResults.Ok(JobDataResponse.From(data, job.Spec.Validation)) : Problems.JobNotFound(id);

    public static Results<Accepted<JobResponse>, NoContent, ProblemHttpResult> DeleteJob(string id, IJobStore store, bool? purge)
    {
        if (store.Find(id) is not { } job)
        {
            return Problems.JobNotFound(id);
        }

        if (purge == true)
        {
            if (!job.Status.IsFinished())
            {
                return Problems.Conflict($"Job '{id}' is {job.Status.ToString().ToLowerInvariant()}; cancel it first (DELETE without purge), then purge it.");
            }

            store.Purge(id);
            return TypedResults.NoContent();
        }

        if (job.Status.IsFinished())
        {
            return Problems.Conflict($"Job '{id}' has already finished ({job.Status.ToString().ToLowerInvariant()}); use ?purge=true to remove it.");
        }

        return TypedResults.Accepted($"/jobs/{id}", JobResponse.From(store.Cancel(job)));
    }

    public static Results<Accepted<JobResponse>, ProblemHttpResult> RestartJob(string id, HttpContext http, IJobStore store)
    {
        if (store.Find(id) is not { } old)
        {
            return Problems.JobNotFound(id);
        }

        if (!old.Status.CanRestart())
        {
            return Problems.Conflict($"Only an interrupted, cancelled or failed job can be restarted; '{id}' is {old.Status.ToString().ToLowerInvariant()}.");
        }

        return store.Restart(old) is { } job
            ? TypedResults.Accepted($"/jobs/{id}", JobResponse.From(job))
            : Problems.QueueFull(http);
    }
}
