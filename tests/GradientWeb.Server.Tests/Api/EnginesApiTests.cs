using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Engine.TorchSharp;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

/// <summary>
/// The request's <c>engine</c> and <c>GET /engines</c>. The libtorch job tests run where libtorch loads: test.sh
/// runs this class again inside the Debian 13 rootfs, so both sides run on every test run.
/// </summary>
public sealed class EnginesApiTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Lecture000 = """
        { "dataset": { "name": "icecream" }, "loss": "sse", "optimizer": { "type": "sgd" }, "lr": 0.001, "epochs": 30, "init": { "weights": [-5, 10] } }
        """;

    private readonly HttpClient _client = app.CreateClient();

    private static string On(string engine) => Lecture000.Replace("{ \"dataset\"", $"{{ \"engine\": \"{engine}\", \"dataset\"", StringComparison.Ordinal);

    [Fact]
    public async Task Engines_lists_both_engines_with_versions_and_says_whether_libtorch_runs_here()
    {
        var engines = (await _client.GetFromJsonAsync<JsonElement>("/engines")).EnumerateArray().ToList();
        Assert.Equal(["gradientweb", "libtorch"], engines.Select(e => e.GetProperty("name").GetString()));
        Assert.True(engines[0].GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, engines[0].GetProperty("reason").ValueKind);
        var libtorch = engines[1];
        Assert.StartsWith("libtorch 2.10.0 (TorchSharp 0.107.0", libtorch.GetProperty("version").GetString());
        Assert.Equal(LibTorchEngine.Availability.Available, libtorch.GetProperty("available").GetBoolean());
        Assert.Equal(LibTorchEngine.Availability.Reason, libtorch.GetProperty("reason").GetString());
        // The reason as a code too, for a page that words it in its own language (one of the five the probe gives).
        var code = libtorch.GetProperty("reasonCode").GetString();
        Assert.Equal(LibTorchEngine.Availability.Available, code is null);
        if (code is not null)
        {
            Assert.Contains(code, new[] { "platform", "libstdcxx", "not-included", "load-failed", "wrong-result" });
        }
    }

    [Fact]
    public async Task A_job_names_its_engine_gradientweb_by_default_and_an_unknown_engine_is_a_400_naming_engine()
    {
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{await _client.StartJobAsync(Lecture000)}");
        Assert.Equal("gradientweb", job.GetProperty("request").GetProperty("engine").GetString());

        var response = await _client.PostAsync("/train", Json(On("tensorflow")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("gradientweb, libtorch", problem.GetProperty("errors").GetProperty("engine")[0].GetString());
    }

    [WithoutLibTorchFact]
    public async Task Where_libtorch_cannot_load_a_libtorch_job_is_a_400_saying_why_and_nothing_is_stored()
    {
        var before = (await _client.GetFromJsonAsync<JsonElement>("/jobs?limit=500")).ToString();
        var response = await _client.PostAsync("/train", Json(On("libtorch")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("engine")[0].GetString()!;
        Assert.Contains("GLIBCXX_3.4.32", message);
        Assert.Contains("\"engine\": \"gradientweb\"", message);
        Assert.Equal(before, (await _client.GetFromJsonAsync<JsonElement>("/jobs?limit=500")).ToString());

        // The server goes on: the same job on our engine trains.
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{await _client.StartJobAndWaitAsync(On("gradientweb"))}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
    }

    [LibTorchFact]
    public async Task A_libtorch_job_trains_lecture_000_to_the_notes_numbers_and_echoes_its_engine()
    {
        var id = await _client.StartJobAndWaitAsync(On("libtorch"));
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal("libtorch", job.GetProperty("request").GetProperty("engine").GetString());
        var weights = job.GetProperty("result").GetProperty("finalWeights");
        Assert.Equal(2.4289, weights[0].GetDouble(), 4);
        Assert.Equal(4.0145, weights[1].GetDouble(), 4);

        // Inspection runs on the job's engine too.
        var landscape = await _client.GetAsync($"/jobs/{id}/landscape?size=5");
        Assert.Equal(HttpStatusCode.OK, landscape.StatusCode);
    }

    [LibTorchFact]
    public async Task A_sweep_over_engines_puts_both_side_by_side_with_the_same_losses()
    {
        var body = $$"""{ "base": {{Lecture000}}, "vary": { "engine": ["gradientweb", "libtorch"] } }""";
        var response = await _client.PostAsync("/sweeps", Json(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var members = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").EnumerateArray().ToList();
        var losses = new List<double>();
        foreach (var member in members)
        {
            var job = await _client.WaitForJobAsync(member.GetProperty("jobId").GetString()!, s => s == "completed");
            losses.Add(job.GetProperty("result").GetProperty("finalLoss").GetDouble());
        }

        Assert.Equal(2, losses.Count);
        Assert.Equal(losses[0], losses[1], 1e-3);
    }

    [WithoutLibTorchFact]
    public async Task Where_libtorch_cannot_load_checking_a_job_against_it_is_a_400_saying_why()
    {
        var id = await _client.StartJobAndWaitAsync(Lecture000);
        var response = await _client.GetAsync($"/jobs/{id}/check");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("engine")[0].GetString()!;
        Assert.Contains("GLIBCXX_3.4.32", message);
    }

    [LibTorchFact]
    public async Task Checking_a_job_against_the_other_engine_reports_the_largest_difference_in_loss_and_weights()
    {
        foreach (var (engine, other) in new[] { ("gradientweb", "libtorch"), ("libtorch", "gradientweb") })
        {
            var id = await _client.StartJobAndWaitAsync(On(engine));
            var check = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/check");
            Assert.Equal(other, check.GetProperty("engine").GetString());
            Assert.Equal(engine, check.GetProperty("against").GetString());
            Assert.Equal(30, check.GetProperty("epochs").GetInt32());
            Assert.True(check.GetProperty("sameEnd").GetBoolean());
            Assert.InRange(check.GetProperty("loss").GetProperty("relative").GetDouble(), 0, 1e-4);
            var weights = check.GetProperty("weights");
            Assert.InRange(weights.GetProperty("relative").GetDouble(), 0, 1e-4);
            Assert.Contains(weights.GetProperty("name").GetString(), new[] { "w0", "w1" });
        }
    }

    [LibTorchFact]
    public async Task A_libtorch_job_with_mini_batches_and_a_validation_split_agrees_with_our_engine_step_for_step()
    {
        // Lecture 001's SGD on mini-batches with held-out rows: both engines draw the same DataLoader batches and the
        // same random_split, so the check against our engine finds them within float32 noise.
        var body = On("libtorch").Replace("\"epochs\": 30", "\"epochs\": 20, \"batch\": { \"size\": 3, \"seed\": 4 }, \"validation\": { \"fraction\": 0.2, \"seed\": 1 }", StringComparison.Ordinal);
        var id = await _client.StartJobAndWaitAsync(body);
        var history = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history");
        var records = history.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(21, records.Count);
        Assert.All(records, r => Assert.True(r.GetProperty("validationLoss").GetDouble() > 0));

        var check = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/check");
        Assert.Equal("gradientweb", check.GetProperty("engine").GetString());
        Assert.True(check.GetProperty("sameEnd").GetBoolean());
        Assert.InRange(check.GetProperty("loss").GetProperty("relative").GetDouble(), 0, 1e-4);
        Assert.InRange(check.GetProperty("weights").GetProperty("relative").GetDouble(), 0, 1e-4);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
