using System.Reflection;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Datasets;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Setup;

public static class GradientWebServices
{
    /// <summary>Every service GradientWeb needs, on its embedded defaults.</summary>
    public static IServiceCollection AddGradientWeb(this IServiceCollection services)
    {
        services.AddOptions<TrainingOptions>()
            .BindConfiguration(TrainingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DatasetOptions>()
            .BindConfiguration(DatasetOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => JsonDefaults.Apply(o.SerializerOptions));
        services.AddSignalR().AddJsonProtocol(o => JsonDefaults.Apply(o.PayloadSerializerOptions));
        services.AddHealthChecks();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ITrainingEngine, TrainingEngine>();
        services.AddSingleton<Database>();
        services.AddSingleton<DatasetStore>();
        services.AddSingleton<JobRepository>();
        services.AddSingleton<IJobStore, JobStore>();
        services.AddSingleton<JobQueue>();
        services.AddHostedService<TrainingWorker>();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new() { Title = "GradientWeb", Version = "v1", Description = "Watch gradient descent learn." });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
            {
                o.IncludeXmlComments(xml);
            }
        });

        return services;
    }
}
