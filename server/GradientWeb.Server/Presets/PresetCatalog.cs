using System.Text.Json;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Setup;

namespace GradientWeb.Server.Presets;

/// <summary>One experiment of the lectures: what the card says, the views it opens, and its job(s).</summary>
/// <param name="Id">Stable, for links: <c>l000-fit</c>.</param>
/// <param name="Lecture">The note it comes from: <c>000</c> … <c>004</c>.</param>
/// <param name="Title">The card's title in English.</param>
/// <param name="TitleKo">The card's title in Korean, as the lectures say it.</param>
/// <param name="Description">The settings and what to watch for, with the numbers the notes print.</param>
/// <param name="Views">The run page's views this lecture draws: fit, boundary, loss, weights, landscape, step, graph, gridsearch, health.</param>
/// <param name="Runs">One job, or several to compare (four learning rates): each a complete <c>POST /train</c> body.</param>
public sealed record Preset(string Id, string Lecture, string Title, string TitleKo, string Description, IReadOnlyList<string> Views, IReadOnlyList<PresetRun> Runs);

public sealed record PresetRun(string Label, TrainRequest Request);

/// <summary>
/// The lectures as one-click presets, read once from <c>Presets/presets.json</c> (embedded): the page's gallery,
/// <c>GET /presets</c> and Swagger's request examples all come from this one file.
/// </summary>
public static class PresetCatalog
{
    private static readonly Lazy<IReadOnlyList<Preset>> Loaded = new(Load);

    public static IReadOnlyList<Preset> All => Loaded.Value;

    private static IReadOnlyList<Preset> Load()
    {
        using var stream = typeof(PresetCatalog).Assembly.GetManifestResourceStream("GradientWeb.Server.Presets.presets.json")
            ?? throw new InvalidOperationException("presets.json is not embedded in the server assembly.");
        var options = new JsonSerializerOptions();
        JsonDefaults.Apply(options);
        return JsonSerializer.Deserialize<PresetFile>(stream, options)?.Presets
            ?? throw new InvalidOperationException("presets.json holds no presets.");
    }

    private sealed record PresetFile(IReadOnlyList<Preset> Presets);
}
