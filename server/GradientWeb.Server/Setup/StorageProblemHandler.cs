using GradientWeb.Server.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GradientWeb.Server.Setup;

/// <summary>
/// Storage that cannot take a request right now is a problem in plain words, never a 500, and in both cases nothing
/// was half stored (each write is one transaction):
/// <list type="bullet">
/// <item>a database another process holds locked (SQLite's BUSY or LOCKED once the short busy timeout has passed),
/// or a PostgreSQL that cannot be reached or is shutting down, is a 503 with Retry-After: send it again;</item>
/// <item>a disk with no room for what the request may store (<see cref="DiskRoom"/>) is a 507: purging old jobs
/// makes room.</item>
/// </list>
/// Any other exception falls through to the default 500 problem.
/// </summary>
public sealed class StorageProblemHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            StorageFullException full => (StatusCodes.Status507InsufficientStorage, "The server's disk is nearly full.", full.Message),
            _ when IsBusy(exception) => (StatusCodes.Status503ServiceUnavailable, "The database is busy.",
                "The database is locked by another process or cannot be reached; nothing was stored. Try again in a few seconds."),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        return await problems.TryWriteAsync(new()
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
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
