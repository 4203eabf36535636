using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

/// <summary>Issue 17 through the API: batch and validation in the request, echoed, refused with the field named, and in the history.</summary>
public sealed class MiniBatchApiTests(TestApp factory) : IClassFixture<TestApp>
{
    private const string MiniBatchJob = """
        { "dataset": { "name": "icecream" }, "loss": "mse", "batch": { "size": 16 }, "validation": { "fraction": 0.2 },
          "lr": 0.01, "epochs": 5, "init": { "weights": [-5, 10] } }
        """;

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_job_echoes_batch_and_validation_with_every_default_made_explicit()
    {
        var response = await _client.PostAsync("/train", Json(MiniBatchJob));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var request = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("request");
        var batch = request.GetProperty("batch");
        Assert.Equal(16, batch.GetProperty("size").GetInt32());
        Assert.True(batch.GetProperty("shuffle").GetBoolean()); // 16 < the 80 training rows
        Assert.Equal(0UL, batch.GetProperty("seed").GetUInt64());
        Assert.False(batch.GetProperty("dropLast").GetBoolean());
        Assert.Equal(0.2, request.GetProperty("validation").GetProperty("fraction").GetDouble());
        Assert.Equal(0UL, request.GetProperty("validation").GetProperty("seed").GetUInt64());
    }

    [Fact]
    public async Task The_history_holds_validation_loss_metrics_and_each_epochs_steps()
    {
        var id = await _client.StartJobAndWaitAsync(MiniBatchJob);
        var records = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal(6, records.Length);
        Assert.False(records[0].TryGetProperty("steps", out _));
        foreach (var r in records[1..])
        {
            var steps = r.GetProperty("steps");
            Assert.Equal(5, steps.GetProperty("losses").GetArrayLength()); // 80 training rows in batches of 16
            Assert.Equal(r.GetProperty("weights").GetRawText(), steps.GetProperty("weights")[4].GetRawText());
            Assert.True(r.GetProperty("validationLoss").GetSingle() > 0);
            Assert.Equal("r2", r.GetProperty("metrics").GetProperty("name").GetString());
            Assert.True(r.GetProperty("metrics").TryGetProperty("validation", out _));
        }

        var data = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/data");
        Assert.Equal(20, data.GetProperty("validationRows").GetArrayLength());
        var csv = await _client.GetStringAsync($"/jobs/{id}/history.csv");
        Assert.StartsWith("epoch,loss,validation_loss,w0,w1", csv);
    }

    [Fact]
    public async Task A_full_batch_job_has_no_steps_and_says_its_bound_is_for_full_batch_descent()
    {
        var id = await _client.StartJobAndWaitAsync(TrainApiTests.Lecture000);
        var records = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").EnumerateArray().ToArray();
        Assert.All(records, r => Assert.False(r.TryGetProperty("steps", out _)));
        Assert.All(records, r => Assert.False(r.TryGetProperty("validationLoss", out _)));
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("full-batch gradient descent", job.GetProperty("diagnostics").GetProperty("boundFor").GetString());
    }

    [Theory]
    [InlineData("\"batch\": { \"size\": 0 }", "batch.size")]
    [InlineData("\"batch\": { \"size\": -3 }", "batch.size")]
    [InlineData("\"batch\": { \"size\": 2.5 }", "batch.size")]
    [InlineData("\"batch\": { \"size\": \"ten\" }", "batch.size")]
    [InlineData("\"batch\": { }", "batch.size")]
    [InlineData("\"batch\": { \"size\": 101, \"dropLast\": true }", "batch.size")]
    [InlineData("\"batch\": { \"size\": 90, \"dropLast\": true }, \"validation\": { \"fraction\": 0.2 }", "batch.size")]
    [InlineData("\"validation\": { \"fraction\": 0 }", "validation.fraction")]
    [InlineData("\"validation\": { \"fraction\": 1 }", "validation.fraction")]
    [InlineData("\"validation\": { \"fraction\": -0.2 }", "validation.fraction")]
    [InlineData("\"validation\": { \"fraction\": 0.001 }", "validation.fraction")]
    [InlineData("\"validation\": { }", "validation.fraction")]
    public async Task Bad_batch_or_validation_is_a_400_naming_the_field(string part, string field)
    {
        var body = $$"""{ "dataset": { "name": "icecream" }, "lr": 0.01, "epochs": 5, {{part}} }""";
        var response = await _client.PostAsync("/train", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.DoesNotContain("System.", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_steps_than_a_job_may_take_is_a_400_on_batch_size()
    {
        // 2 000 rows in batches of 1 for 20 000 epochs: 40 million steps, past Limits:MaxSteps.
        var response = await _client.PostAsync("/train", Json("""{ "dataset": { "name": "logistic" }, "lr": 0.01, "epochs": 20000, "batch": { "size": 1 } }"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Limits:MaxSteps", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("batch.size")[0].GetString());
    }

    [Fact]
    public async Task A_function_model_refuses_batch()
    {
        var response = await _client.PostAsync("/train", Json("""{ "model": { "type": "function", "expression": "(b/2 - 1)^2" }, "lr": 0.1, "epochs": 5, "batch": { "size": 4 } }"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("batch", out _));
    }

    [Fact]
    public async Task A_sweep_over_batch_size_labels_the_full_batch_run()
    {
        var body = """
            { "base": { "dataset": { "name": "icecream" }, "loss": "mse", "lr": 0.01, "epochs": 3, "init": { "weights": [-5, 10] } },
              "vary": { "batch": [ { "size": 1 }, { "size": 10 }, null ] } }
            """;
        var response = await _client.PostAsync("/sweeps", Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var labels = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("label").GetString()!).ToArray();
        Assert.Equal(["batch = size 1", "batch = size 10", "batch = full"], labels);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
