using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GradientWeb.Server.Api;

/// <summary><c>POST /train</c>: validate a job, queue it, answer at once.</summary>
public static class TrainApi
{
    public static RouteGroupBuilder MapTrain(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/train").WithTags("Training");

        api.MapPost("", CreateJob)
            .Accepts<TrainRequest>("application/json")
            .WithSummary("Start a training job")
            .WithDescription("Validates the job, queues it for the background worker and answers 202 with the job and its Location.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.Create);

        return api;
    }

    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> CreateJob(HttpRequest http, JobBuilder builder, IJobStore store)
    {
        var (request, problem) = await RequestJson.ReadAsync<TrainRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        Job job;
        try
        {
            job = builder.Build(request!);
        }
        catch (RequestValidationException ex)
        {
            return RequestJson.Invalid(ex.Field, ex.Message);
        }

        return store.Submit([job])
            ? TypedResults.Accepted($"/jobs/{job.Id}", JobResponse.From(job))
            : Problems.QueueFull(http.HttpContext);
    }
}
