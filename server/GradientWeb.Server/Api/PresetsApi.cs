using GradientWeb.Server.Presets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GradientWeb.Server.Api;

/// <summary><c>/presets</c>: the lectures' experiments, each a ready <c>POST /train</c> body (or several).</summary>
public static class PresetsApi
{
    public static RouteGroupBuilder MapPresets(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/presets").WithTags("Presets");

        api.MapGet("", ListPresets).WithSummary("One preset per experiment of the lecture notes, in lecture order");

        return api;
    }

    public static Ok<IReadOnlyList<Preset>> ListPresets() => TypedResults.Ok(PresetCatalog.All);
}
