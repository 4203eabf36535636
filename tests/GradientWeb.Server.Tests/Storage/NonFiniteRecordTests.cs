using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Server.Storage;
using GradientWeb.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GradientWeb.Server.Tests.Storage;

/// <summary>
/// What SQLite cannot hold as a number: NaN, stored as NULL. A NaN training loss comes back as NaN; so must a NaN
/// validation loss or validation metric, whose columns are also empty for a job without a split.
/// </summary>
public sealed class NonFiniteRecordTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task A_stored_nan_validation_loss_and_metric_come_back_as_nan_and_a_job_without_a_split_still_has_none()
    {
        var client = app.CreateClient();
        var split = await client.StartJobAndWaitAsync("""
            { "dataset": { "name": "icecream" }, "loss": "mse", "lr": 0.0001, "epochs": 3, "init": { "weights": [-5, 10] },
              "validation": { "fraction": 0.2 } }
            """);
        var plain = await client.StartJobAndWaitAsync("""{ "dataset": { "name": "icecream" }, "lr": 0.0001, "epochs": 2, "init": { "weights": [-5, 10] } }""");

        // The record a diverging run leaves: its held-out rows' loss and R² have become NaN.
        var repository = app.Services.GetRequiredService<JobRepository>();
        var last = repository.Records(split, split: true)[^1];
        repository.Save(split, [last with { ValidationLoss = float.NaN, Metrics = last.Metrics! with { Validation = float.NaN } }], repository.Find(split)!.State);

        // A restarted server reads every finished job from the store; the API writes NaN as the string "NaN".
        var restarted = app.WithWebHostBuilder(_ => { }).CreateClient();
        var records = await Records(restarted, split);
        Assert.Equal("NaN", records[3].GetProperty("validationLoss").GetString());
        Assert.Equal("NaN", records[3].GetProperty("metrics").GetProperty("validation").GetString());
        Assert.Equal(last.Loss, records[3].GetProperty("loss").GetSingle());
        Assert.All(records[..3], r => Assert.Equal(JsonValueKind.Number, r.GetProperty("validationLoss").ValueKind));

        Assert.All(await Records(restarted, plain), r => Assert.False(r.TryGetProperty("validationLoss", out _)));
    }

    private static async Task<List<JsonElement>> Records(HttpClient client, string id) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").EnumerateArray()];
}
