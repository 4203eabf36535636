using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace GradientWeb.Server.Setup;

/// <summary>
/// A database another process holds locked (SQLite's BUSY or LOCKED once the short busy timeout has passed) is a
/// 503 with Retry-After: the request can simply be sent again, and nothing was half stored (each write is one
/// transaction). Any other exception falls through to the default 500 problem.
/// </summary>
public sealed class StorageBusyHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsBusy(exception))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new()
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is busy.",
                Detail = "Another process holds the database locked; nothing was stored. Try again in a few seconds.",
            },
        });
    }

    public static bool IsBusy(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked })
            {
                return true;
            }
        }

        return false;
    }
}
