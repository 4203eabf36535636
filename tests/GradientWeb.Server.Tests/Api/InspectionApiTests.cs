using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Server.Jobs;
using GradientWeb.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GradientWeb.Server.Tests.Api;

public sealed class InspectionApiTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private const string Dnnex3 = """{ "dataset": { "name": "dnnex3" }, "model": { "type": "logistic" }, "loss": "bce", "optimizer": { "type": "sgd" }, "lr": 1.0, "epochs": 40, "init": { "seed": 3 } }""";
    private const string Beta = """{ "model": { "type": "function", "expression": "(b/2 - 1)^2" }, "optimizer": { "type": "sgd" }, "lr": 0.1, "epochs": 100, "init": { "weights": [-10] } }""";

    private static double Num(JsonElement e) => e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : e.GetDouble();

    [Fact]
    public async Task The_landscape_of_lecture_000_holds_the_path_and_its_values_are_the_jobs_loss()
    {
        var id = await _client.StartJobAndWaitAsync(TrainApiTests.Lecture000);
        var map = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/landscape?size=21");
        var a = map.GetProperty("a").GetProperty("values").EnumerateArray().Select(Num).ToArray();
        var b = map.GetProperty("b").GetProperty("values").EnumerateArray().Select(Num).ToArray();
        var loss = map.GetProperty("loss");
        Assert.Equal(21, a.Length);
        Assert.Equal(21, b.Length);
        Assert.Equal(21, loss.GetArrayLength());
        Assert.Equal(30, map.GetProperty("epoch").GetInt32());
        Assert.Equal("w0", map.GetProperty("a").GetProperty("name").GetString());

        // The start (-5, 10) and the closed form (2.4459, 4.0043) are on the map.
        Assert.InRange(-5, a[0], a[^1]);
        Assert.InRange(2.4459, a[0], a[^1]);
        Assert.InRange(10, b[0], b[^1]);
        Assert.InRange(4.0043, b[0], b[^1]);

        // Values are L on the job's own data: SSE of lecture 000 at a few grid points, computed here by hand.
        var data = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/data");
        var x = data.GetProperty("x")[0].EnumerateArray().Select(Num).ToArray();
        var y = data.GetProperty("y").EnumerateArray().Select(Num).ToArray();
        foreach (var (i, j) in new[] { (0, 0), (10, 3), (20, 20), (7, 15) })
        {
            var sse = x.Select((xi, k) => Math.Pow(y[k] - (a[i] + (b[j] * xi)), 2)).Sum();
            Assert.Equal(sse, Num(loss[j][i]), sse * 1e-5);
        }

        // The lowest grid point is near the closed form.
        var lowest = map.GetProperty("lowest");
        Assert.InRange(Num(lowest.GetProperty("loss")), 0, Num(loss[0][0]));
        Assert.Equal(4.0043, Num(lowest.GetProperty("b")), 0.5);
    }

    [Fact]
    public async Task Views_of_a_finished_job_read_back_from_storage_work_as_while_it_was_live()
    {
        var id = await _client.StartJobAndWaitAsync(TrainApiTests.Lecture000);

        // Once its history is durable the job leaves memory; Find then rebuilds it from its row, without records.
        var store = app.Services.GetRequiredService<IJobStore>();
        for (var i = 0; i < 250 && store.Find(id)!.RecordCount > 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, store.Find(id)!.RecordCount);
        var map = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/landscape?size=5");
        Assert.Equal(30, map.GetProperty("epoch").GetInt32());
        var step = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/steps/30");
        Assert.False(step.GetProperty("stepTaken").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/jobs/{id}/steps/31")).StatusCode);
        Assert.True((await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/gridsearch")).GetProperty("gradientDescent").GetProperty("reached").GetBoolean());
    }

    [Fact]
    public async Task A_one_weight_function_gets_a_curve_and_explicit_bounds_are_honoured()
    {
        var id = await _client.StartJobAndWaitAsync(Beta);
        var curve = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/landscape?size=11&aMin=-10&aMax=10");
        Assert.Equal(JsonValueKind.Null, curve.GetProperty("b").ValueKind);
        Assert.Equal(1, curve.GetProperty("loss").GetArrayLength());
        var a = curve.GetProperty("a").GetProperty("values").EnumerateArray().Select(Num).ToArray();
        Assert.Equal([-10, -8, -6, -4, -2, 0, 2, 4, 6, 8, 10], a.Select(v => Math.Round(v, 4)));
        var row = curve.GetProperty("loss")[0].EnumerateArray().Select(Num).ToArray();
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(Math.Pow((a[i] / 2) - 1, 2), row[i], 4);
        }

        Assert.Equal(2, Num(curve.GetProperty("lowest").GetProperty("a")), 4);
    }

    [Theory]
    [InlineData("size=2", "size")]
    [InlineData("size=100000", "size")]
    [InlineData("a=5", "a")]
    [InlineData("a=0&b=0", "b")]
    [InlineData("epoch=31", "epoch")]
    [InlineData("aMin=3&aMax=1", "aMax")]
    [InlineData("aMin=NaN", "aMin")]
    public async Task Bad_landscape_parameters_get_a_400_naming_them(string query, string field)
    {
        var id = await _client.StartJobAndWaitAsync(TrainApiTests.Lecture000);
        var response = await _client.GetAsync($"/jobs/{id}/landscape?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_boundary_of_dnnex3_is_a_probability_grid_matching_the_recorded_predictions()
    {
        var id = await _client.StartJobAndWaitAsync(Dnnex3);
        var grid = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/boundary?size=30&epoch=20");
        Assert.Equal(20, grid.GetProperty("epoch").GetInt32());
        Assert.Equal(["x1", "x2"], grid.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!));
        var x1 = grid.GetProperty("x1").EnumerateArray().Select(Num).ToArray();
        var x2 = grid.GetProperty("x2").EnumerateArray().Select(Num).ToArray();
        var p = grid.GetProperty("yhat");
        Assert.Equal(30, x1.Length);
        Assert.Equal(30, p.GetArrayLength());
        Assert.All(p.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(Num), v => Assert.InRange(v, 0, 1));

        // The logistic model is σ(w0 + w1·x1 + w2·x2) at epoch 20's weights.
        var history = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history?from=20&to=21");
        var w = history.GetProperty("records")[0].GetProperty("weights").EnumerateArray().Select(Num).ToArray();
        foreach (var (i, j) in new[] { (0, 0), (29, 29), (12, 17) })
        {
            var expected = 1 / (1 + Math.Exp(-(w[0] + (w[1] * x1[i]) + (w[2] * x2[j]))));
            Assert.Equal(expected, Num(p[j][i]), 4);
        }
    }

    [Fact]
    public async Task Predictions_exist_for_every_epoch_even_where_the_history_kept_no_yhat()
    {
        // 3000 epochs on 2000 points: the history keeps ŷ on every 31st epoch only (YhatSampling's 200 000 values).
        var id = await _client.StartJobAndWaitAsync("""{ "dataset": { "name": "logistic" }, "model": { "type": "logistic" }, "loss": "bce", "optimizer": { "type": "sgd" }, "lr": 0.05, "epochs": 3000, "init": { "weights": [-3, -1] } }""");
        var history = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history?from=1001&to=1002");
        var record = history.GetProperty("records")[0];
        Assert.Equal(JsonValueKind.Null, record.GetProperty("yhat").ValueKind);
        var w = record.GetProperty("weights").EnumerateArray().Select(Num).ToArray();

        var predicted = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/predictions?epoch=1001");
        Assert.Equal(1001, predicted.GetProperty("epoch").GetInt32());
        var yhat = predicted.GetProperty("yhat").EnumerateArray().Select(Num).ToArray();
        var x = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/data")).GetProperty("x")[0].EnumerateArray().Select(Num).ToArray();
        Assert.Equal(x.Length, yhat.Length);
        foreach (var i in new[] { 0, 999, 1999 })
        {
            Assert.Equal(1 / (1 + Math.Exp(-(w[0] + (w[1] * x[i])))), yhat[i], 5);
        }

        // Where the history kept ŷ, the same numbers.
        var stride = Engine.Training.YhatSampling.Stride(3000, 2000, recordEvery: 1);
        Assert.Equal(31, stride);
        var keptEpoch = 1001 / stride * stride;
        var kept = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history?from={keptEpoch}&to={keptEpoch + 1}");
        Assert.Equal(
            kept.GetProperty("records")[0].GetProperty("yhat").EnumerateArray().Select(Num),
            (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/predictions?epoch={keptEpoch}")).GetProperty("yhat").EnumerateArray().Select(Num));
    }

    [Fact]
    public async Task A_boundary_needs_two_features_and_a_bounded_size()
    {
        var one = await _client.StartJobAndWaitAsync(TrainApiTests.Lecture000);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.GetAsync($"/jobs/{one}/boundary")).StatusCode);
        var two = await _client.StartJobAndWaitAsync(Dnnex3);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/jobs/{two}/boundary?size=1000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/jobs/nope/boundary")).StatusCode);
    }

    [Fact]
    public async Task A_step_is_the_recorded_one_with_its_gradient_state_and_graph()
    {
        var id = await _client.StartJobAndWaitAsync(TrainApiTests.Lecture000.Replace("\"sgd\"", "\"sgd\", \"momentum\": 0.5", StringComparison.Ordinal));
        var step = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/steps/4");
        var history = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history?from=4&to=6");
        var at = history.GetProperty("records")[0].GetProperty("weights").EnumerateArray().Select(Num);
        var next = history.GetProperty("records")[1].GetProperty("weights").EnumerateArray().Select(Num);
        Assert.Equal(at, step.GetProperty("weights").EnumerateArray().Select(Num));
        Assert.Equal(next, step.GetProperty("weightsAfter").EnumerateArray().Select(Num));
        Assert.Equal(5, step.GetProperty("step").GetInt32());
        Assert.Equal("momentum_buffer", step.GetProperty("stateAfter")[0].GetProperty("name").GetString());
        var graph = step.GetProperty("graph").EnumerateArray().ToList();
        Assert.Contains(graph, n => n.GetProperty("label").GetString() == "loss");
        Assert.Contains(graph, n => n.GetProperty("kind").GetString() == "parameter" && n.GetProperty("grad").GetArrayLength() > 0);

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/jobs/{id}/steps/31")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/jobs/{id}/steps/-1")).StatusCode);
    }

    [Fact]
    public async Task Grid_search_and_gradient_descent_are_counted_against_one_target()
    {
        var id = await _client.StartJobAndWaitAsync(Beta);
        var result = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/gridsearch");
        Assert.Equal(0, Num(result.GetProperty("reference")), 3);
        var grid = result.GetProperty("gridSearch");
        var gd = result.GetProperty("gradientDescent");
        Assert.True(grid.GetProperty("reached").GetBoolean());
        Assert.True(gd.GetProperty("reached").GetBoolean());
        var target = Num(result.GetProperty("target"));
        Assert.InRange(Num(grid.GetProperty("best").GetProperty("loss")), 0, target);
        Assert.Equal(grid.GetProperty("pointsPerAxis").GetInt32(), grid.GetProperty("evaluations").GetInt64());
        Assert.Equal(gd.GetProperty("epoch").GetInt32() + 1, gd.GetProperty("evaluations").GetInt64());

        var mlp = await _client.StartJobAndWaitAsync("""{ "dataset": { "name": "dnnex0" }, "model": { "type": "mlp", "layers": [{"linear": 2}, "relu", {"linear": 1}, "sigmoid"] }, "loss": "bce", "optimizer": { "type": "adam" }, "lr": 0.1, "epochs": 3, "init": { "seed": 1 } }""");
        Assert.Equal(HttpStatusCode.Conflict, (await _client.GetAsync($"/jobs/{mlp}/gridsearch")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/jobs/{id}/gridsearch?tolerance=-1")).StatusCode);
    }

    [Fact]
    public async Task Lecture_004s_grid_search_over_the_requests_domain_finds_beta_2_and_counts_both_methods()
    {
        var id = await _client.StartJobAndWaitAsync(Beta.Replace("\"lr\": 0.1,", "\"lr\": 0.0016666666666666668,").Replace("\"epochs\": 100,", "\"epochs\": 100, \"view\": { \"domain\": { \"b\": [-10, 10] } },"));
        var result = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/gridsearch");
        var grid = result.GetProperty("gridSearch");
        Assert.Equal(0, Num(result.GetProperty("reference")), 4);
        Assert.True(grid.GetProperty("reached").GetBoolean());
        Assert.Equal(2, Num(grid.GetProperty("best").GetProperty("a")));
        Assert.Equal(0, Num(grid.GetProperty("best").GetProperty("loss")));
        Assert.Equal(11, grid.GetProperty("evaluations").GetInt64());
        Assert.Equal([-10.0, 10.0], grid.GetProperty("domain")[0].EnumerateArray().Select(Num));

        // α = 0.01/6 never gets there in 100 steps (β = −9.04): gradient descent's count says so rather than a wrong minimum.
        Assert.False(result.GetProperty("gradientDescent").GetProperty("reached").GetBoolean());

        // The landscape is drawn over the same domain.
        var curve = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/landscape?size=21");
        var a = curve.GetProperty("a").GetProperty("values").EnumerateArray().Select(Num).ToArray();
        Assert.Equal((-10.0, 10.0), (a[0], a[^1]));
    }

    [Theory]
    [InlineData("""{ "domain": { "z": [-1, 1] } }""", "view.domain.z")]
    [InlineData("""{ "domain": { "b": [1, -1] } }""", "view.domain.b")]
    [InlineData("""{ "domain": { "b": [1] } }""", "view.domain.b")]
    [InlineData("""{ "truth": { "q": 1 } }""", "view.truth.q")]
    [InlineData("""{ "notes": { "epoch": 1, "loss": 1, "weights": [1, 2] } }""", "view.notes")]
    public async Task A_view_that_names_no_weight_or_no_range_is_refused_naming_it(string view, string field)
    {
        var response = await _client.PostAsync("/train", new StringContent(Beta.Replace("\"epochs\": 100,", $"\"epochs\": 100, \"view\": {view},"), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Theory]
    [InlineData(3.9, "stable", false)]
    [InlineData(4.05, "diverging", true)]
    public async Task A_job_says_whether_its_learning_rate_is_above_the_exact_bound(double lr, string verdict, bool above)
    {
        var id = await _client.StartJobAndWaitAsync(Beta.Replace("\"lr\": 0.1,", $"\"lr\": {lr.ToString(System.Globalization.CultureInfo.InvariantCulture)},"));
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        var health = job.GetProperty("health");
        Assert.Equal(verdict, health.GetProperty("verdict").GetString());
        Assert.Equal(above, health.GetProperty("aboveBound").GetBoolean());
        Assert.Equal(4.0, Num(health.GetProperty("bound")));
        Assert.Equal("exact", health.GetProperty("boundKind").GetString());
        Assert.Equal("exact", job.GetProperty("diagnostics").GetProperty("boundKind").GetString());
    }
}
