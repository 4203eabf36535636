using Microsoft.AspNetCore.Http.HttpResults;

namespace GradientWeb.Server.Api;

/// <summary>The problem answers several endpoints share: one wording each.</summary>
internal static class Problems
{
    /// <summary>The 404 of every <c>/jobs/{id}</c> endpoint.</summary>
    public static ProblemHttpResult JobNotFound(string id) => NotFound("No such job.", $"There is no job '{id}'.");

    /// <summary>The 404 of every <c>/sweeps/{id}</c> endpoint.</summary>
    public static ProblemHttpResult SweepNotFound(string id) => NotFound("No such sweep.", $"There is no sweep '{id}'.");

    /// <summary>The 404 of every <c>/datasets/{id}</c> endpoint.</summary>
    public static ProblemHttpResult DatasetNotFound(string id) => NotFound("No such data set.", $"There is no data set '{id}'.");

    /// <summary>A 409: the job is not in a state that allows this (or the title says what else is in the way).</summary>
    public static ProblemHttpResult Conflict(string detail, string title = "Not possible in the job's state.") =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    /// <summary>The 429 of a full training queue, with when to try again.</summary>
    public static ProblemHttpResult QueueFull(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "The training queue is full.",
            detail: "Too many jobs are waiting; try again in a few seconds.");
    }

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);
}
