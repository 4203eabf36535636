using System.Text.Json;
using System.Text.Json.Nodes;
using GradientWeb.Server.Setup;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GradientWeb.Server.Presets;

/// <summary>
/// Every preset run as a named request example of <c>POST /train</c> in Swagger UI, and lecture 000's four learning
/// rates as the example of <c>POST /sweeps</c>.
/// </summary>
public sealed class PresetExamplesFilter : IOperationFilter
{
    private const string SweepExample = "l000-learning-rates";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var media) != true || media is null)
        {
            return;
        }

        var options = new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        JsonDefaults.Apply(options);
        switch (context.MethodInfo?.Name)
        {
            case nameof(Api.TrainApi.CreateJob):
                AddTrainExamples(media, options);
                break;
            case nameof(Api.SweepsApi.CreateSweep):
                media.Example = SweepOf(PresetCatalog.All.Single(p => p.Id == SweepExample), options);
                break;
        }
    }

    // The preset's runs differ only in lr: its first run without lr (nor that run's label) is the base, and the runs'
    // rates are the sweep, each member labelled by its rate.
    private static JsonNode SweepOf(Preset preset, JsonSerializerOptions options)
    {
        var first = preset.Runs[0].Request;
        var baseRequest = first with { Lr = null, View = first.View is { } view ? view with { Label = null } : null };
        var body = JsonSerializer.SerializeToNode(baseRequest, options)!;
        var rates = new JsonArray([.. preset.Runs.Select(r => JsonValue.Create(r.Request.Lr))]);
        return new JsonObject { ["base"] = body, ["vary"] = new JsonObject { ["lr"] = rates } };
    }

    private static void AddTrainExamples(OpenApiMediaType media, JsonSerializerOptions options)
    {
        media.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var preset in PresetCatalog.All)
        {
            for (var i = 0; i < preset.Runs.Count; i++)
            {
                var run = preset.Runs[i];
                media.Examples[preset.Runs.Count == 1 ? preset.Id : $"{preset.Id}-{i + 1}"] = new OpenApiExample
                {
                    Summary = preset.Runs.Count == 1 ? $"{preset.Lecture} · {preset.Title}" : $"{preset.Lecture} · {preset.Title} — {run.Label}",
                    Value = JsonSerializer.SerializeToNode(run.Request, options),
                };
            }
        }
    }
}
