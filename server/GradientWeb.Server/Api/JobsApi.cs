using GradientWeb.Server.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GradientWeb.Server.Api;

/// <summary><c>/jobs</c>: read jobs and their histories.</summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/jobs").WithTags("Jobs");

        api.MapGet("", ListJobs).WithSummary("Recent jobs, newest first");
        api.MapGet("/{id}", GetJob).WithSummary("One job: status, progress, result").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/history", GetHistory)
            .WithSummary("Every record so far: record k is the state after k updates (θₖ, L(θₖ), ŷ(θₖ))")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/data", GetData)
            .WithSummary("The points the job trains on: feature columns x and the target y")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public static Ok<IReadOnlyList<JobResponse>> ListJobs(IJobStore store, int? limit)
    {
        var jobs = store.Recent(Math.Clamp(limit ?? 50, 1, 500));
        return TypedResults.Ok<IReadOnlyList<JobResponse>>([.. jobs.Select(JobResponse.From)]);
    }

    public static Results<Ok<JobResponse>, ProblemHttpResult> GetJob(string id, IJobStore store) =>
        store.Find(id) is { } job ? TypedResults.Ok(JobResponse.From(job)) : NotFound(id);

    public static Results<Ok<HistoryResponse>, ProblemHttpResult> GetHistory(string id, IJobStore store, int? from, int? to)
    {
        if (store.Find(id) is not { } job)
        {
            return NotFound(id);
        }

        var records = job.Records(Math.Max(0, from ?? 0), to is { } end ? Math.Max(0, end) : null);
        return TypedResults.Ok(new HistoryResponse([.. records.Select(r => EpochRecordResponse.From(r))]));
    }

    public static Results<Ok<JobDataResponse>, ProblemHttpResult> GetData(string id, IJobStore store) =>
        store.Find(id) is { Spec.Data: { } data } ? TypedResults.Ok(JobDataResponse.From(data)) : NotFound(id);

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such job.",
        detail: $"There is no job '{id}'.");
}
