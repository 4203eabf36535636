using System.Text.Json;
using GradientWeb.Server.Setup;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GradientWeb.Server.Presets;

/// <summary>Every preset run as a named request example of <c>POST /train</c> in Swagger UI.</summary>
public sealed class PresetExamplesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.MethodInfo?.Name != nameof(Api.TrainApi.CreateJob)
            || operation.RequestBody?.Content?.TryGetValue("application/json", out var media) != true || media is null)
        {
            return;
        }

        var options = new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        JsonDefaults.Apply(options);
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
