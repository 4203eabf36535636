using GradientWeb.Server.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace GradientWeb.Server.Setup;

/// <summary>
/// A request refused because the disk has no room for what it may store (<see cref="DiskRoom"/>) is a 507 problem in
/// plain words: nothing was stored, and purging old jobs makes room.
/// </summary>
public sealed class StorageFullHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StorageFullException full)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status507InsufficientStorage;
        return await problems.TryWriteAsync(new()
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status507InsufficientStorage,
                Title = "The server's disk is nearly full.",
                Detail = full.Message,
            },
        });
    }
}
