using GradientWeb.Server.Contracts;
using GradientWeb.Server.Engines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GradientWeb.Server.Api;

/// <summary><c>/engines</c>: which engines can train a job here, their versions, and why one cannot.</summary>
public static class EnginesApi
{
    public static RouteGroupBuilder MapEngines(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/engines").WithTags("Engines");

        api.MapGet("", ListEngines).WithSummary("Each engine's name (the request's \"engine\"), version, and whether it runs on this machine (if not, why)");

        return api;
    }

    public static Ok<IReadOnlyList<EngineResponse>> ListEngines() => TypedResults.Ok(TrainingEngines.Describe());
}
