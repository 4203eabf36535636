using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Setup;

/// <summary>Per-client limits on creating work (jobs, restarts, uploads), with ASP.NET Core's rate limiter.</summary>
public static class RateLimits
{
    public const string Create = "create";

    public static IServiceCollection AddGradientWebRateLimits(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.AddPolicy(Create, http =>
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
            var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.CreateBurst,
                TokensPerPeriod = Math.Max(1, limits.CreatePerMinute / 6),
                ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        o.OnRejected = async (context, cancellationToken) =>
        {
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
            context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests.",
                    Detail = $"This client may create at most {context.HttpContext.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.CreatePerMinute} jobs or uploads a minute; try again in {Math.Ceiling(retry.TotalSeconds)} s.",
                },
            });
        };
    });
}
