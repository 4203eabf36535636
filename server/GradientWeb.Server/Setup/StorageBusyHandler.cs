using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GradientWeb.Server.Setup;

/// <summary>
/// A database another process holds locked (SQLite's BUSY or LOCKED once the short busy timeout has passed), or a
/// PostgreSQL that cannot be reached or is shutting down, is a 503 with Retry-After: the request can simply be sent
/// again, and nothing was half stored (each write is one transaction). Any other exception falls through to the
/// default 500 problem.
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
                Detail = "The database is locked by another process or cannot be reached; nothing was stored. Try again in a few seconds.",
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

            // Connection refused or dropped, the server shutting down or starting (SQLSTATE classes 08 and 57P), too
            // many connections: Npgsql marks these transient.
            if (exception is NpgsqlException { IsTransient: true } or PostgresException { SqlState: ['0', '8', ..] or ['5', '7', 'P', ..] })
            {
                return true;
            }
        }

        return false;
    }
}
