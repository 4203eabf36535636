using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Inspection;
using GradientWeb.Server.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GradientWeb.Server.Api;

/// <summary>
/// <c>/jobs/{id}/…</c> views computed on demand from the job's own data, model and loss: the loss landscape, the
/// decision boundary, one step from inside (with the computation graph), and grid search beside gradient descent.
/// </summary>
public static class InspectionApi
{
    public static RouteGroupBuilder MapInspection(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/jobs/{id}").WithTags("Inspection");

        api.MapGet("/landscape", GetLandscape)
            .WithSummary("The loss over a grid of weights a and b (indices; one axis for a one-weight model) around the path, the others held at ?epoch's values")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/predictions", GetPredictions)
            .WithSummary("ŷ at the job's data points at ?epoch (any epoch, also those whose ŷ the history did not keep)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/boundary", GetBoundary)
            .WithSummary("ŷ over a size×size grid of the (x1, x2) plane at ?epoch: a two-feature classifier's decision boundary")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/steps/{epoch:int}", GetStep)
            .WithSummary("The step from record epoch: gradient, optimizer state before and after, update, and the computation graph with values and gradients")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/gridsearch", GetGridSearch)
            .WithSummary("Grid search vs gradient descent (one- and two-weight models): loss evaluations each needed to come within ?tolerance of the minimum, over the request's view.domain (or ?aMin…?bMax, else around the path)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/check", GetEngineCheck)
            .WithSummary("Reruns the finished job on the other engine (libtorch ⇄ gradientweb) and reports the largest per-epoch difference in the loss and in the weights")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    public static Results<Ok<LandscapeResponse>, ProblemHttpResult> GetLandscape(
        string id, IJobStore store, JobInspector inspector, HttpContext http,
        int? a, int? b, int? epoch, int? size, double? aMin, double? aMax, double? bMin, double? bMax) =>
        Inspect(store, id, job =>
        {
            var (grid, at) = inspector.Landscape(job, new LandscapeQuery(a, b, epoch, size, aMin, aMax, bMin, bMax), http.RequestAborted);
            return TypedResults.Ok(LandscapeResponse.From(at, grid));
        });

    public static Results<Ok<PredictionsResponse>, ProblemHttpResult> GetPredictions(string id, IJobStore store, JobInspector inspector, int? epoch) =>
        Inspect(store, id, job =>
        {
            var (at, yhat) = inspector.Predictions(job, epoch);
            return TypedResults.Ok(new PredictionsResponse(at, yhat));
        });

    public static Results<Ok<BoundaryResponse>, ProblemHttpResult> GetBoundary(string id, IJobStore store, JobInspector inspector, int? epoch, int? size) =>
        Inspect(store, id, job => TypedResults.Ok(BoundaryResponse.From(inspector.Boundary(job, epoch, size))));

    public static Results<Ok<StepResponse>, ProblemHttpResult> GetStep(string id, int epoch, IJobStore store, JobInspector inspector, HttpContext http) =>
        Inspect(store, id, job => TypedResults.Ok(StepResponse.From(inspector.Step(job, epoch, http.RequestAborted), job.ParamNames)));

    public static Results<Ok<GridSearchResponse>, ProblemHttpResult> GetGridSearch(
        string id, IJobStore store, JobInspector inspector, HttpContext http, double? tolerance, double? aMin, double? aMax, double? bMin, double? bMax) =>
        Inspect(store, id, job => TypedResults.Ok(GridSearchResponse.From(
            inspector.GridSearch(job, tolerance, http.RequestAborted, new LandscapeQuery(AMin: aMin, AMax: aMax, BMin: bMin, BMax: bMax)))));

    public static Results<Ok<EngineCheckResult>, ProblemHttpResult> GetEngineCheck(
        string id, IJobStore store, ITrainingEngine engines, Microsoft.Extensions.Options.IOptions<Setup.LimitsOptions> limits, HttpContext http) =>
        Inspect(store, id, job => TypedResults.Ok(EngineCheck.Run(job, store.Records(job, 0, null), engines, limits.Value.MaxInspectionWork, http.RequestAborted)));

    // One place turns the inspector's exceptions into problems: 400 naming the parameter, 409 for a view that does not apply.
    private static Results<Ok<T>, ProblemHttpResult> Inspect<T>(IJobStore store, string id, Func<Job, Ok<T>> view)
    {
        if (store.Find(id) is not { } job)
        {
            return Problems.JobNotFound(id);
        }

        try
        {
            return view(job);
        }
        catch (RequestValidationException ex)
        {
            return RequestJson.Invalid(ex.Field, ex.Message);
        }
        catch (SpecException ex)
        {
            return RequestJson.Invalid(ex.Field, ex.Message);
        }
        catch (InspectionException ex)
        {
            return Problems.Conflict(ex.Message, "This view does not apply to the job.");
        }
        catch (Engine.TorchSharp.LibTorchUnavailableException ex)
        {
            // A libtorch job's view computed on the engine that trained it (an unstored ŷ), on a server where it does not load.
            return Problems.Conflict($"This view of a libtorch job is computed by libtorch, which this server cannot load: {ex.Message}", "The view cannot be computed here.");
        }
    }
}
