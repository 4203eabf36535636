using System.Text.Json.Nodes;
using System.Text.Json;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using GradientWeb.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Api;

/// <summary><c>/sweeps</c>: one request, every combination of the settings it varies, one job each.</summary>
public static class SweepsApi
{
    public static RouteGroupBuilder MapSweeps(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sweeps").WithTags("Sweeps");

        api.MapPost("", CreateSweep)
            .Accepts<SweepRequest>("application/json")
            .WithSummary("Start a sweep: { base: a /train body, vary: { \"lr\": [0.0001, 0.001], \"optimizer.momentum\": [0, 0.9] } }")
            .WithDescription("Validates every combination first (one bad member: 400 naming it, nothing started), then starts one job per combination.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.Create);
        api.MapGet("/{id}", GetSweep).WithSummary("A sweep and the state of each of its jobs").ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public static async Task<Results<Accepted<SweepResponse>, ProblemHttpResult>> CreateSweep(
        HttpRequest http, [AsParameters] SweepServices services)
    {
        var (request, problem) = await RequestJson.ReadAsync<SweepRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var jobs = new List<(Job Job, string Label)>();
        try
        {
            foreach (var (body, label, index) in Combinations(request!, services.Limits.Value.MaxSweepRuns))
            {
                TrainRequest member;
                try
                {
                    member = body.Deserialize<TrainRequest>(services.Json.Value.SerializerOptions)
                        ?? throw new RequestValidationException($"members[{index}]", "The member is null.");
                }
                catch (JsonException ex)
                {
                    throw new RequestValidationException(JsonErrorText.Field(ex) is var field && field != "body" ? $"members[{index}].{field}" : $"members[{index}]", $"{label}: {JsonErrorText.Describe(ex)}");
                }

                try
                {
                    jobs.Add((services.Builder.Build(member), label));
                }
                catch (RequestValidationException ex)
                {
                    throw new RequestValidationException($"members[{index}].{ex.Field}", $"{label}: {ex.Message}");
                }
            }
        }
        catch (RequestValidationException ex)
        {
            return RequestJson.Invalid(ex.Field, ex.Message);
        }

        if (!services.Store.Submit([.. jobs.Select(j => j.Job)]))
        {
            return Problems.QueueFull(http.HttpContext);
        }

        var sweep = new StoredSweep(JobIds.NewId(), services.Time.GetUtcNow(), JsonSerializer.SerializeToElement(request, services.Json.Value.SerializerOptions), [.. jobs.Select(j => new SweepMember(j.Job.Id, j.Label))]);
        services.Sweeps.Insert(sweep);
        return TypedResults.Accepted($"/sweeps/{sweep.Id}", SweepResponse.From(sweep, services.Store));
    }

    public static Results<Ok<SweepResponse>, ProblemHttpResult> GetSweep(string id, SweepRepository sweeps, IJobStore store) =>
        sweeps.Find(id) is { } sweep
            ? TypedResults.Ok(SweepResponse.From(sweep, store))
            : Problems.SweepNotFound(id);


    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "dataset", "model", "loss", "optimizer", "lr", "epochs", "init", "preprocess", "batch", "validation", "engine" };

    /// <summary>Every combination of the varied values applied to the base, in order (the first key varies slowest).</summary>
    private static IEnumerable<(JsonNode Body, string Label, int Index)> Combinations(SweepRequest request, int maxRuns)
    {
        if (request.Base is not { ValueKind: JsonValueKind.Object } baseBody)
        {
            throw new RequestValidationException("base", "base is required: a /train body, e.g. { \"dataset\": { \"name\": \"icecream\" }, \"lr\": 0.001, \"epochs\": 30 }.");
        }

        if (request.Vary is not { Count: > 0 } vary)
        {
            throw new RequestValidationException("vary", "vary is required: { \"lr\": [0.0001, 0.001] } or { \"optimizer\": [ {\"type\": \"sgd\"}, {\"type\": \"adam\"} ] }.");
        }

        long count = 1;
        foreach (var (key, values) in vary)
        {
            var path = key.Split('.');
            if (!TopLevel.Contains(path[0]) || path.Any(string.IsNullOrWhiteSpace) || path.Length > 4)
            {
                throw new RequestValidationException($"vary.{key}", $"'{key}' is not a setting of a job. Vary one of {string.Join(", ", TopLevel)}, or a field inside one, like \"optimizer.momentum\".");
            }

            if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
            {
                throw new RequestValidationException($"vary.{key}", "Each varied setting is a non-empty list of values.");
            }

            count *= values.GetArrayLength();
            if (count > maxRuns)
            {
                throw new RequestValidationException("vary", $"These settings make more than {maxRuns} runs (Limits:MaxSweepRuns).");
            }
        }

        var keys = vary.Keys.ToArray();
        var index = new int[keys.Length];
        for (var k = 0; k < count; k++)
        {
            var body = JsonNode.Parse(baseBody.GetRawText())!.AsObject();
            var labels = new List<string>();
            for (var j = 0; j < keys.Length; j++)
            {
                var value = vary[keys[j]][index[j]];
                Set(body, keys[j], JsonNode.Parse(value.GetRawText()));
                // batch: null is the full batch, the natural last run of a batch-size sweep (1, 10, 100, full).
                labels.Add($"{keys[j]} = {(value.ValueKind == JsonValueKind.Null && keys[j] == "batch" ? "full" : Compact(value))}");
            }

            yield return (body, string.Join(", ", labels), k);

            for (var j = keys.Length - 1; j >= 0; j--)
            {
                if (++index[j] < vary[keys[j]].GetArrayLength())
                {
                    break;
                }

                index[j] = 0;
            }
        }
    }

    private static void Set(JsonObject body, string key, JsonNode? value)
    {
        var path = key.Split('.');
        var target = body;
        foreach (var part in path[..^1])
        {
            if (target[part] is not JsonObject next)
            {
                next = [];
                target[part] = next;
            }

            target = next;
        }

        target[path[^1]] = value;
    }

    // {"type":"sgd","momentum":0.9} → sgd, momentum 0.9; numbers and strings as they are.
    private static string Compact(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Select(p => p.Name == "type" ? Compact(p.Value) : $"{p.Name} {Compact(p.Value)}")),
        _ => value.GetRawText(),
    };
}

/// <summary>What creating a sweep needs, bound as one parameter.</summary>
public sealed record SweepServices(
    JobBuilder Builder, IJobStore Store, SweepRepository Sweeps, IOptions<LimitsOptions> Limits, IOptions<JsonOptions> Json, TimeProvider Time);
