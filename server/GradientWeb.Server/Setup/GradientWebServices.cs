using System.Reflection;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Api;
using GradientWeb.Server.Engines;
using GradientWeb.Server.Hubs;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Storage;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Setup;

public static class GradientWebServices
{
    /// <summary>Every service GradientWeb needs, on its embedded defaults.</summary>
    public static IServiceCollection AddGradientWeb(this IServiceCollection services)
    {
        services.AddCheckedOptions<TrainingOptions>(TrainingOptions.Section);
        services.AddCheckedOptions<StorageOptions>(StorageOptions.Section);
        services.AddCheckedOptions<DatasetOptions>(DatasetOptions.Section);
        services.AddCheckedOptions<LimitsOptions>(LimitsOptions.Section);
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<LimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBytes);
        services.AddGradientWebRateLimits();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<LimitsOptions>>((cors, limits) =>
            {
                // Closed unless origins are configured (Limits:CorsOrigins): without a policy UseCors adds nothing.
                if (limits.Value.CorsOrigins.Length > 0)
                {
                    cors.AddDefaultPolicy(p => p.WithOrigins(limits.Value.CorsOrigins).AllowAnyHeader().AllowAnyMethod().AllowCredentials());
                }
            });

        services.AddProblemDetails();
        // A query parameter that does not bind reaches QueryParameters' filter, which names it, in Development too
        // (there ASP.NET would otherwise throw before any filter runs).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddExceptionHandler<StorageProblemHandler>();
        services.ConfigureHttpJsonOptions(o => JsonDefaults.Apply(o.SerializerOptions));
        services.AddTrainingFeed();
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<WorkerHealthCheck>("worker", tags: ["ready"]);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TrainingEngines>();
        services.AddSingleton<ITrainingEngine>(sp => sp.GetRequiredService<TrainingEngines>());
        services.AddSingleton<Database>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
            ? ActivatorUtilities.CreateInstance<PostgresDatabase>(sp)
            : ActivatorUtilities.CreateInstance<SqliteDatabase>(sp));
        services.AddSingleton<DiskRoom>();
        services.AddSingleton<DatasetStore>();
        services.AddSingleton<JobRepository>();
        services.AddSingleton<SweepRepository>();
        services.AddSingleton<IJobStore, JobStore>();
        services.AddSingleton<JobLeases>();
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
            ? ActivatorUtilities.CreateInstance<PostgresJobQueue>(sp)
            : ActivatorUtilities.CreateInstance<ChannelJobQueue>(sp));
        services.AddSingleton<JobBuilder>();
        services.AddSingleton<Inspection.JobInspector>();
        services.AddSingleton<IJobFeeds, SignalRJobFeeds>();
        services.AddSingleton<TrainingWorker>();
        services.AddHostedService<StoredSpecBackfill>(); // before the worker: hosted services start in this order
        services.AddHostedService(sp => sp.GetRequiredService<TrainingWorker>());

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new() { Title = "GradientWeb", Version = "v1", Description = "Watch gradient descent learn." });
            o.OperationFilter<Presets.PresetExamplesFilter>();
            OpenApiContract.Apply(o);
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
            {
                o.IncludeXmlComments(xml);
            }
        });

        return services;
    }
}
