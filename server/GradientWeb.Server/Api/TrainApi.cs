using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.Create);

        return api;
    }

    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> CreateJob(
        HttpRequest http,
        ITrainingEngine engine,
        IJobStore store,
        JobQueue queue,
        IOptions<TrainingOptions> options,
        IOptions<LimitsOptions> limits,
        Datasets.DatasetStore uploads,
        TimeProvider time)
    {
        var (request, problem) = await RequestJson.ReadAsync<TrainRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        Job job;
        try
        {
            var (spec, normalized) = TrainRequestMapper.Map(request!, options.Value, uploads);
            CheckSize(spec, limits.Value);

            // Building the graph here catches what only the engine knows (the weight count) before anything is
            // stored; the worker then trains this same prepared run.
            var run = engine.Prepare(spec);
            if (spec is { InitWeights: null, InitSeed: null })
            {
                // Echo the implicit zero start, so the request read back reproduces the job by itself.
                var zeros = new double[run.ParamNames.Count];
                normalized = normalized with { Init = new InitRequest { Weights = zeros } };
                spec = spec with { InitWeights = zeros };
            }

            job = new Job(JobIds.NewId(), normalized, spec, run, time.GetUtcNow());
        }
        catch (RequestValidationException ex)
        {
            return RequestJson.Invalid(ex.Field, ex.Message);
        }
        catch (SpecException ex)
        {
            return RequestJson.Invalid(ex.Field, ex.Message);
        }

        // Stored before it is queued so the worker always finds its row; taken back out if the queue is full.
        store.Add(job);
        if (!queue.TryEnqueue(job))
        {
            store.Discard(job);
            http.HttpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "The training queue is full.",
                detail: "Too many jobs are waiting; try again in a few seconds.");
        }

        return TypedResults.Accepted($"/jobs/{job.Id}", JobResponse.From(job));
    }

    // Refused before the graph is built: a model too big for the server must not allocate first and fail after.
    private static void CheckSize(TrainingSpec spec, LimitsOptions limits)
    {
        var rows = spec.Data?.Rows ?? 1;
        var (parameters, valuesPerRow) = ModelSize.Estimate(spec.Model, spec.Data?.Features ?? 0);
        if (parameters > limits.MaxParameters)
        {
            throw new RequestValidationException("model.layers", $"This model has {parameters} weights; the server allows at most {limits.MaxParameters} (Limits:MaxParameters).");
        }

        if (valuesPerRow * rows > limits.MaxGraphValues)
        {
            throw new RequestValidationException("model.layers", $"On {rows} rows this model holds {valuesPerRow * rows} values per forward pass; the server allows at most {limits.MaxGraphValues} (Limits:MaxGraphValues).");
        }

        if ((long)spec.Epochs * rows > limits.MaxEpochRows)
        {
            throw new RequestValidationException("epochs", $"{spec.Epochs} epochs × {rows} rows is more work than one job may ask ({limits.MaxEpochRows}, Limits:MaxEpochRows); use fewer epochs or rows.");
        }
    }
}
