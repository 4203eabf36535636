using GradientWeb.Server.Api;
using GradientWeb.Server.Hubs;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace GradientWeb.Server.Setup;

public static class GradientWebApp
{
    /// <summary>The middleware, in order: errors as problem+json, the page, Swagger.</summary>
    public static WebApplication UseGradientWeb(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseCors();
        app.UseRateLimiter();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseSwagger();
        app.UseSwaggerUI();
        return app;
    }

    /// <summary>The route table.</summary>
    public static WebApplication MapGradientWeb(this WebApplication app)
    {
        app.MapTrain();
        app.MapJobs();
        app.MapInspection();
        app.MapPresets();
        app.MapDatasets();
        app.MapSweeps();
        app.MapExports();
        app.MapEngines();
        app.MapTrainingHub();
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
