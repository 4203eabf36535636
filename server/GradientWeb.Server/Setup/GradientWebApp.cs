using GradientWeb.Server.Api;
using GradientWeb.Server.Hubs;

namespace GradientWeb.Server.Setup;

public static class GradientWebApp
{
    /// <summary>The middleware, in order: errors as problem+json, headers, CORS and the origin guard, rate limits, the page, Swagger.</summary>
    public static WebApplication UseGradientWeb(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseCors();
        app.UseOriginGuard();
        app.UseRateLimiter();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        // OpenAPI 3.1: its schemas are JSON Schema 2020-12, so nullability ("type": ["object", "null"]) is exact.
        app.UseSwagger(o => o.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1);
        app.UseSwaggerUI();
        return app;
    }

    /// <summary>The route table. Every API endpoint reads its query parameters strictly (<see cref="QueryParameters"/>).</summary>
    public static WebApplication MapGradientWeb(this WebApplication app)
    {
        var api = app.MapGroup("").AddEndpointFilterFactory(QueryParameters.Validate);
        api.MapTrain();
        api.MapJobs();
        api.MapInspection();
        api.MapPresets();
        api.MapDatasets();
        api.MapSweeps();
        api.MapExports();
        api.MapEngines();
        app.MapTrainingHub();
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
