using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Engine.Training;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

/// <summary>
/// A job stores ŷ only on a sample of its epochs (<see cref="YhatSampling"/>); the JSON export with ?yhat=true
/// computes the rest from the records' weights, bit for bit what storing them would have kept.
/// </summary>
public sealed class YhatExportTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    // Lecture 000 as it is; and a net whose ŷ goes through a held-out split (rows predicted by two graphs, put back in
    // the data's order), standardised targets (back to the original scale) and mini-batches.
    public static TheoryData<string> Jobs() => new()
    {
        """{ "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse", "optimizer": { "type": "sgd" }, "lr": 0.001, "epochs": {{epochs}}, "init": { "weights": [-5, 10] } }""",
        """{ "dataset": { "name": "icecream" }, "model": { "type": "mlp", "layers": [{ "linear": 5 }, "tanh", { "linear": 1 }] }, "loss": "mse", "preprocess": "standardize", "optimizer": { "type": "adam" }, "lr": 0.01, "epochs": {{epochs}}, "init": { "seed": 7 }, "validation": { "fraction": 0.3, "seed": 11 }, "batch": { "size": 16, "seed": 5 } }""",
    };

    [Theory]
    [MemberData(nameof(Jobs))]
    public async Task An_export_gives_the_yhat_a_long_job_did_not_store_exactly_as_a_short_job_stored_it(string template)
    {
        // 1 200 epochs store ŷ on every 3rd epoch (at most 500 vectors); 400 store all of them. The first 400 epochs
        // of both are the same training, so their ŷ must be the same floats.
        Assert.Equal(3, YhatSampling.Stride(1200, 100, recordEvery: 1));
        Assert.Equal(1, YhatSampling.Stride(400, 100, recordEvery: 1));
        var longId = await _client.StartJobAndWaitAsync(template.Replace("{{epochs}}", "1200", StringComparison.Ordinal));
        var shortId = await _client.StartJobAndWaitAsync(template.Replace("{{epochs}}", "400", StringComparison.Ordinal));

        var stored = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{longId}/history?from=0&to=401")).GetProperty("records");
        Assert.Equal(JsonValueKind.Null, stored[1].GetProperty("yhat").ValueKind);
        Assert.Equal(JsonValueKind.Array, stored[3].GetProperty("yhat").ValueKind);

        var exported = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{longId}/history.json?yhat=true")).GetProperty("records");
        Assert.Equal(1201, exported.GetArrayLength());
        Assert.All(exported.EnumerateArray(), r => Assert.Equal(100, r.GetProperty("yhat").GetArrayLength()));
        var kept = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{shortId}/history")).GetProperty("records");
        for (var k = 0; k <= 400; k++)
        {
            Assert.Equal(Floats(kept[k].GetProperty("weights")), Floats(exported[k].GetProperty("weights")));
            Assert.Equal(Floats(kept[k].GetProperty("yhat")), Floats(exported[k].GetProperty("yhat")));
        }

        // /predictions computes the same way.
        var predicted = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{longId}/predictions?epoch=1");
        Assert.Equal(Floats(kept[1].GetProperty("yhat")), Floats(predicted.GetProperty("yhat")));
    }

    [Fact]
    public async Task A_sweep_export_computes_each_runs_missing_yhat()
    {
        var body = """{ "base": { "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse", "optimizer": { "type": "sgd" }, "epochs": 1200, "init": { "weights": [-5, 10] } }, "vary": { "lr": [0.001, 0.0005] } }""";
        var response = await _client.PostAsync("/sweeps", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var sweep = await response.Content.ReadFromJsonAsync<JsonElement>();
        var members = sweep.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("jobId").GetString()!).ToArray();
        foreach (var id in members)
        {
            await _client.WaitForJobAsync(id, s => s is not ("queued" or "running"));
        }

        var sweepId = sweep.GetProperty("id").GetString();
        var runs = (await _client.GetFromJsonAsync<JsonElement>($"/sweeps/{sweepId}/history.json?yhat=true")).GetProperty("runs");
        for (var run = 0; run < members.Length; run++)
        {
            var records = runs[run].GetProperty("records");
            var predicted = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{members[run]}/predictions?epoch=700");
            Assert.Equal(Floats(predicted.GetProperty("yhat")), Floats(records[700].GetProperty("yhat")));
            Assert.All(records.EnumerateArray(), r => Assert.Equal(100, r.GetProperty("yhat").GetArrayLength()));
        }
    }

    private static float[] Floats(JsonElement values) =>
        [.. values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? float.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetSingle())];
}

/// <summary>Computing an export's missing ŷ is bounded like any inspection: past Limits:MaxInspectionWork, a 400 naming yhat.</summary>
public sealed class YhatExportLimitTests(YhatExportLimitTests.SmallInspectionApp app) : IClassFixture<YhatExportLimitTests.SmallInspectionApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Too_much_yhat_to_compute_is_a_400_naming_yhat_and_the_export_without_it_still_works()
    {
        // 1 200 epochs × 100 rows: ~800 vectors of 100 predictions to compute, over this server's 50 000.
        var id = await _client.StartJobAndWaitAsync("""{ "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse", "optimizer": { "type": "sgd" }, "lr": 0.001, "epochs": 1200, "init": { "weights": [-5, 10] } }""");
        var response = await _client.GetAsync($"/jobs/{id}/history.json?yhat=true");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("MaxInspectionWork", problem.GetProperty("errors").GetProperty("yhat")[0].GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/jobs/{id}/history.json")).StatusCode);

        // A job whose ŷ were all stored computes nothing, so it exports them under the same limit.
        var small = await _client.StartJobAndWaitAsync("""{ "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse", "optimizer": { "type": "sgd" }, "lr": 0.001, "epochs": 400, "init": { "weights": [-5, 10] } }""");
        var records = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{small}/history.json?yhat=true")).GetProperty("records");
        Assert.All(records.EnumerateArray(), r => Assert.Equal(100, r.GetProperty("yhat").GetArrayLength()));
    }

    public sealed class SmallInspectionApp : TestApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Limits:MaxInspectionWork"] = "50000" };
    }
}
