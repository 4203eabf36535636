using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Setup;

/// <summary>
/// Writes only from the page's own origin. A browser sends <c>Origin</c> with every cross-site POST (a plain HTML form
/// included, which CORS never stops: it is a "simple request") and with every WebSocket upgrade, so a state-changing
/// request or a hub connection whose <c>Origin</c> is neither this server nor one of <c>Limits:CorsOrigins</c> is a
/// 403. Requests without <c>Origin</c> (curl, scripts, same-origin GETs) pass: this stops other sites' pages from
/// acting through a visitor's browser; it is not authentication.
/// </summary>
public static class OriginGuard
{
    public static IApplicationBuilder UseOriginGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (IsGuarded(request) && request.Headers.Origin is { Count: > 0 } origins)
        {
            var allowed = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.CorsOrigins;
            if (origins.Count > 1 || !IsAllowed(origins[0]!, request, allowed))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status403Forbidden,
                        Title = "Requests from other sites' pages are refused.",
                        Detail = $"Origin '{origins}' is not this server's own origin and not listed in Limits:CorsOrigins; " +
                            "changes and live connections are accepted only from the GradientWeb page itself.",
                    },
                });
                return;
            }
        }

        await next(context);
    });

    // Every method that changes something, and every request to the hub (its negotiate POST, the WebSocket upgrade
    // GET, Server-Sent Events and long polling).
    private static bool IsGuarded(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs")
        || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));

    // Same origin by authority (host and port): behind a TLS-terminating proxy the scheme the server sees differs
    // from the page's. "null" (a sandboxed frame, a file: page) is never this server.
    private static bool IsAllowed(string origin, HttpRequest request, string[] allowed)
    {
        if (allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && request.Host.HasValue
            && (string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
                || (uri.IsDefaultPort && request.Host.Port is null && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)));
    }
}
