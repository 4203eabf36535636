using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

public sealed class TrainApiTests(TestApp factory) : IClassFixture<TestApp>
{
    internal const string Lecture000 = """
        { "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse",
          "optimizer": { "type": "sgd" }, "lr": 0.001, "epochs": 30, "init": { "weights": [-5, 10] } }
        """;

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Post_train_answers_202_with_location_and_the_job()
    {
        var response = await Post(Lecture000);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = job.GetProperty("id").GetString();
        Assert.Equal($"/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Contains(job.GetProperty("status").GetString(), new[] { "queued", "running", "completed" });
        Assert.Equal(["w0", "w1"], job.GetProperty("paramNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(30, job.GetProperty("epochsTotal").GetInt32());
        Assert.Equal("sse", job.GetProperty("request").GetProperty("loss").GetString());
    }

    [Fact]
    public async Task Lecture_000s_table_comes_out_of_the_history_endpoint()
    {
        var id = await StartAndWait(Lecture000);
        var history = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history");
        var records = history.GetProperty("records").EnumerateArray().ToArray();

        Assert.Equal(31, records.Length);
        for (var k = 0; k < records.Length; k++)
        {
            Assert.Equal(k, records[k].GetProperty("epoch").GetInt32());
            Assert.Equal(2, records[k].GetProperty("weights").GetArrayLength());
            Assert.Equal(100, records[k].GetProperty("yhat").GetArrayLength());
        }

        Assert.Equal("8587.6240", records[0].GetProperty("loss").GetSingle().ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
        var w1 = records[1].GetProperty("weights").EnumerateArray().Select(w => Math.Round(w.GetDouble(), 4)).ToArray();
        var w30 = records[30].GetProperty("weights").EnumerateArray().Select(w => Math.Round(w.GetDouble(), 4)).ToArray();
        Assert.Equal([-3.6578, 8.8111], w1);
        Assert.Equal([2.4289, 4.0145], w30);

        // ŷ of a record is at that record's weights: ŷ₀ = w0 + w1·x₀ with x₀ = −2.4821.
        var r30 = records[30];
        var expected = r30.GetProperty("weights")[0].GetDouble() + (r30.GetProperty("weights")[1].GetDouble() * -2.4821);
        Assert.Equal(expected, r30.GetProperty("yhat")[0].GetDouble(), 3);

        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal(30, job.GetProperty("epochsDone").GetInt32());
        Assert.True(job.GetProperty("startedAt").GetDateTimeOffset() <= job.GetProperty("finishedAt").GetDateTimeOffset());
        // The notes print L(θ₂₉) = 26.42 beside θ₃₀; the result is the last record's own loss, L(θ₃₀).
        Assert.Equal(26.40, Math.Round(job.GetProperty("result").GetProperty("finalLoss").GetDouble(), 2), 2);
    }

    [Fact]
    public async Task A_diverging_job_ends_diverged_and_writes_infinity_as_a_string()
    {
        var body = Lecture000.Replace("\"lr\": 0.001, \"epochs\": 30", "\"lr\": 0.01, \"epochs\": 300", StringComparison.Ordinal);
        var id = await StartAndWait(body);
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("diverged", job.GetProperty("status").GetString());
        Assert.Equal(117, job.GetProperty("divergedAt").GetInt32());

        var raw = await _client.GetStringAsync($"/jobs/{id}/history");
        var records = JsonDocument.Parse(raw).RootElement.GetProperty("records");
        Assert.Equal(118, records.GetArrayLength());
        Assert.Equal("Infinity", records[117].GetProperty("loss").GetString());
    }

    [Fact]
    public async Task Inline_data_with_several_features_trains()
    {
        var id = await StartAndWait("""
            { "dataset": { "x": [[1, 0], [0, 1], [1, 1], [2, 1]], "y": [3, 2, 5, 8] }, "loss": "mse", "lr": 0.1, "epochs": 2000 }
            """);
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(["w0", "w1", "w2"], job.GetProperty("paramNames").EnumerateArray().Select(e => e.GetString()));
        var w = job.GetProperty("result").GetProperty("finalWeights").EnumerateArray().Select(e => Math.Round(e.GetDouble(), 2)).ToArray();
        Assert.Equal([0.0, 3.0, 2.0], w); // y = 3·x1 + 2·x2 exactly
    }

    [Theory]
    [InlineData("adam", "betas", "[0.9,0.999]")]
    [InlineData("adamw", "weightDecay", "0.01")]
    [InlineData("rmsprop", "alpha", "0.99")]
    [InlineData("adagrad", "eps", "1E-10")]
    [InlineData("sgd", "momentum", "0")]
    public async Task Each_optimizer_trains_and_echoes_pytorchs_defaults(string type, string option, string expected)
    {
        var id = await StartAndWait($$"""{ "dataset": { "name": "icecream" }, "loss": "mse", "optimizer": { "type": "{{type}}" }, "lr": 0.05, "epochs": 300, "init": { "weights": [-5, 10] } }""");
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(expected, job.GetProperty("request").GetProperty("optimizer").GetProperty(option).GetRawText(), ignoreCase: true);
        var loss = job.GetProperty("result").GetProperty("finalLoss").GetDouble();
        Assert.True(loss < 85.87, $"{type} should lower the loss from 85.876; got {loss}");
    }

    [Theory]
    [InlineData("sgd", "type,momentum,dampening,nesterov,weightDecay")]
    [InlineData("adam", "type,weightDecay,betas,eps,amsgrad")]
    [InlineData("rmsprop", "type,momentum,weightDecay,eps,alpha,centered")]
    [InlineData("adagrad", "type,weightDecay,eps,lrDecay,initialAccumulatorValue")]
    public async Task The_echo_holds_only_the_options_of_the_jobs_optimizer(string type, string options)
    {
        var response = await Post($$"""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "{{type}}" }, "lr": 0.01, "epochs": 2 }""");
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        var echoed = job.GetProperty("request").GetProperty("optimizer").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(options.Split(',').Order(), echoed);
    }

    [Fact]
    public async Task An_mlp_trains_with_weights_named_in_state_dict_order()
    {
        var id = await StartAndWait("""
            { "dataset": { "x": [-1, -0.5, 0, 0.5, 1], "y": [0, 0, 1, 1, 1] },
              "model": { "type": "mlp", "layers": [{ "linear": 2 }, "relu", { "linear": 1 }, "sigmoid"] },
              "loss": "bce", "optimizer": { "type": "adam" }, "lr": 0.1, "epochs": 200,
              "init": { "weights": [1.0, -1.0, 0.1, 0.1, 0.5, -0.5, 0.0] } }
            """);
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(
            ["0.weight[0,0]", "0.weight[1,0]", "0.bias[0]", "0.bias[1]", "2.weight[0,0]", "2.weight[0,1]", "2.bias[0]"],
            job.GetProperty("paramNames").EnumerateArray().Select(e => e.GetString()));
        var history = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history");
        var records = history.GetProperty("records");
        Assert.True(records[200].GetProperty("loss").GetDouble() < 0.1, "PyTorch reaches 0.0003 from this start");
        Assert.All(records[200].GetProperty("yhat").EnumerateArray(), p => Assert.InRange(p.GetDouble(), 0, 1));
    }

    [Fact]
    public async Task A_function_is_minimised_from_its_starting_point()
    {
        var id = await StartAndWait("""
            { "model": { "type": "function", "expression": "3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10" },
              "optimizer": { "type": "sgd" }, "lr": 0.05, "epochs": 100, "init": { "weights": [4, 4] } }
            """);
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(["u", "v"], job.GetProperty("paramNames").EnumerateArray().Select(e => e.GetString()));
        var w = job.GetProperty("result").GetProperty("finalWeights").EnumerateArray().Select(e => Math.Round(e.GetDouble(), 3)).ToArray();
        Assert.Equal([-1.0, 1.0], w); // ∇L = (6u − v + 7, 6v − u − 7) = 0 at (−1, 1)
        Assert.Equal(3.0, Math.Round(job.GetProperty("result").GetProperty("finalLoss").GetDouble(), 3)); // L(−1, 1) = 3
        var records = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records");
        Assert.Equal(JsonValueKind.Null, records[0].GetProperty("yhat").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/jobs/{id}/data")).StatusCode);
    }

    [Fact]
    public async Task A_finished_job_reports_the_gradient_check_closed_form_and_stable_learning_rate()
    {
        var id = await StartAndWait(Lecture000);
        var d = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}")).GetProperty("diagnostics");

        Assert.Equal(-1342.25, Math.Round(d.GetProperty("gradient")[0].GetDouble(), 2));
        Assert.Equal(-1342, Math.Round(d.GetProperty("numericGradient")[0].GetDouble()));
        Assert.True(d.GetProperty("maxRelativeDifference").GetDouble() < 1e-3);
        Assert.Equal([2.4459, 4.0043], d.GetProperty("closedForm").EnumerateArray().Select(v => Math.Round(v.GetDouble(), 4)));
        Assert.Equal(0.0082383, Math.Round(d.GetProperty("stableLrBound").GetDouble(), 7));
        Assert.False(d.GetProperty("boundIsEstimate").GetBoolean());
    }

    [Fact]
    public async Task A_seeded_mlp_on_centred_data_trains_and_echoes_its_settings()
    {
        const string body = """
            { "dataset": { "x": [166, 176, 171, 173, 169], "y": [58.7, 75.7, 62.1, 70.4, 60.1] },
              "model": { "type": "mlp", "layers": [{ "linear": 2 }, "tanh", { "linear": 1 }] }, "loss": "mse",
              "preprocess": "center", "lr": 0.01, "epochs": 50, "init": { "seed": 43052 } }
            """;
        var id = await StartAndWait(body);
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal("center", job.GetProperty("request").GetProperty("preprocess").GetString());
        Assert.Equal(43052UL, job.GetProperty("request").GetProperty("init").GetProperty("seed").GetUInt64());

        var records = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records");
        // torch.manual_seed(43052); nn.Linear(1, 2): weight = [[-0.3467], [-0.8470]], bias = [0.3604, 0.9336] (PyTorch 1.13).
        Assert.Equal(-0.3467, Math.Round(records[0].GetProperty("weights")[0].GetDouble(), 4));
        // ŷ comes back in kilograms, not centred: near the mean weight 65.4.
        var yhat = records[50].GetProperty("yhat").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.InRange(yhat.Average(), 60, 70);
    }

    [Fact]
    public async Task Jobs_lists_newest_first()
    {
        var first = await (await Post(Lecture000)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await Post(Lecture000)).Content.ReadFromJsonAsync<JsonElement>();
        var ids = (await _client.GetFromJsonAsync<JsonElement>("/jobs")).EnumerateArray().Select(j => j.GetProperty("id").GetString()).ToList();
        Assert.True(ids.IndexOf(second.GetProperty("id").GetString()) < ids.IndexOf(first.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("""{ "dataset": { "name": "nope" }, "lr": 0.1, "epochs": 3 }""", "dataset.name")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "model": { "type": "cnn" }, "lr": 0.1, "epochs": 3 }""", "model.type")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "loss": "hinge", "lr": 0.1, "epochs": 3 }""", "loss")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "lbfgs" }, "lr": 0.1, "epochs": 3 }""", "optimizer.type")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": -0.1, "epochs": 3 }""", "lr")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0, "epochs": 3 }""", "lr")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": "NaN", "epochs": 3 }""", "lr")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 1e300, "epochs": 3 }""", "lr")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": "fast", "epochs": 3 }""", "lr")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "epochs": 3 }""", "lr")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 0 }""", "epochs")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 100001 }""", "epochs")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 2.5 }""", "epochs")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1 }""", "epochs")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3, "init": { "weights": [1, 2, 3] } }""", "init.weights")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3, "init": { "weights": [1, "Infinity"] } }""", "init.weights[1]")]
    [InlineData("""{ "dataset": { "x": [1, 2, 3], "y": [1, 2] }, "lr": 0.1, "epochs": 3 }""", "dataset.y")]
    [InlineData("""{ "dataset": { "x": [1, "two", 3], "y": [1, 2, 3] }, "lr": 0.1, "epochs": 3 }""", "dataset.x[1]")]
    [InlineData("""{ "dataset": { "x": [[1, 2], [3]], "y": [1, 2] }, "lr": 0.1, "epochs": 3 }""", "dataset.x[1]")]
    [InlineData("""{ "dataset": { "x": [], "y": [] }, "lr": 0.1, "epochs": 3 }""", "dataset.x")]
    [InlineData("""{ "dataset": { "y": [1] }, "lr": 0.1, "epochs": 3 }""", "dataset.x")]
    [InlineData("""{ "lr": 0.1, "epochs": 3 }""", "dataset")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3, "learningRate": 0.1 }""", "learningRate")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": """, "epochs")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1 """, "body")]
    [InlineData("""[1, 2, 3]""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "loss": "bce", "lr": 0.1, "epochs": 3 }""", "loss")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "sgd", "momentum": -0.9 }, "lr": 0.1, "epochs": 3 }""", "optimizer.momentum")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "sgd", "nesterov": true }, "lr": 0.1, "epochs": 3 }""", "optimizer.nesterov")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "sgd", "momentum": 0.9, "dampening": 0.1, "nesterov": true }, "lr": 0.1, "epochs": 3 }""", "optimizer.nesterov")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "adam", "betas": [1.0, 0.999] }, "lr": 0.1, "epochs": 3 }""", "optimizer.betas[0]")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "adam", "betas": [0.9, -0.1] }, "lr": 0.1, "epochs": 3 }""", "optimizer.betas[1]")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "adam", "betas": [0.9] }, "lr": 0.1, "epochs": 3 }""", "optimizer.betas")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "adam", "momentum": 0.9 }, "lr": 0.1, "epochs": 3 }""", "optimizer.momentum")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "adamw", "eps": -1 }, "lr": 0.1, "epochs": 3 }""", "optimizer.eps")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "rmsprop", "alpha": -0.5 }, "lr": 0.1, "epochs": 3 }""", "optimizer.alpha")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "adagrad", "lrDecay": -1 }, "lr": 0.1, "epochs": 3 }""", "optimizer.lrDecay")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "optimizer": { "type": "adagrad", "weightDecay": -1 }, "lr": 0.1, "epochs": 3 }""", "optimizer.weightDecay")]
    [InlineData("""{ "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "linear": 2 }, "softmax", { "linear": 1 }] }, "lr": 0.1, "epochs": 3, "init": { "weights": [1, 1, 1, 1, 1, 1, 1] } }""", "model.layers[1]")]
    [InlineData("""{ "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "linear": 2 }, "relu", { "linear": 3 }] }, "lr": 0.1, "epochs": 3, "init": { "weights": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] } }""", "model.layers")]
    [InlineData("""{ "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "linear": 0 }] }, "lr": 0.1, "epochs": 3, "init": { "weights": [] } }""", "model.layers[0]")]
    [InlineData("""{ "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "dense": 1 }] }, "lr": 0.1, "epochs": 3, "init": { "weights": [1, 1] } }""", "model.layers[0]")]
    [InlineData("""{ "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp" }, "lr": 0.1, "epochs": 3, "init": { "weights": [1, 1] } }""", "model.layers")]
    [InlineData("""{ "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "linear": 1 }] }, "lr": 0.1, "epochs": 3 }""", "init")]
    [InlineData("""{ "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "linear": 1 }, "relu"] }, "loss": "bce", "lr": 0.1, "epochs": 3, "init": { "weights": [1, 1] } }""", "loss")]
    [InlineData("""{ "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "linear", "layers": [{ "linear": 1 }] }, "lr": 0.1, "epochs": 3 }""", "model.layers")]
    [InlineData("""{ "model": { "type": "function", "expression": "3*u^" }, "lr": 0.1, "epochs": 3 }""", "model.expression")]
    [InlineData("""{ "model": { "type": "function" }, "lr": 0.1, "epochs": 3 }""", "model.expression")]
    [InlineData("""{ "model": { "type": "function", "expression": "u^2" }, "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3 }""", "dataset")]
    [InlineData("""{ "model": { "type": "function", "expression": "u^2" }, "loss": "mse", "lr": 0.1, "epochs": 3 }""", "loss")]
    [InlineData("""{ "model": { "type": "function", "expression": "u^2 + v^2" }, "lr": 0.1, "epochs": 3, "init": { "weights": [1] } }""", "init.weights")]
    [InlineData("""{ "model": { "type": "linear", "expression": "u^2" }, "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3 }""", "model.expression")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3, "init": { "weights": [1, 2], "seed": 4 } }""", "init")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3, "init": { "seed": -4 } }""", "init.seed")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3, "init": { "seed": 1.5 } }""", "init.seed")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3, "preprocess": "normalize" }""", "preprocess")]
    [InlineData("""{ "dataset": { "name": "icecream" }, "lr": 0.1, "lr": 0.2, "epochs": 3 }""", "lr")]
    [InlineData("""{ "dataset": { "x": [1, 1, 1], "y": [1, 2, 3] }, "lr": 0.1, "epochs": 3, "preprocess": "standardize" }""", "preprocess")]
    [InlineData("""{ "model": { "type": "function", "expression": "u^2" }, "lr": 0.1, "epochs": 3, "preprocess": "center" }""", "preprocess")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string body, string field)
    {
        var before = await JobCount();
        var response = await Post(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors should name '{field}': {problem}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await JobCount());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        var response = await _client.PostAsync("/train", new StringContent("lr=0.1", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_job_is_a_404_problem()
    {
        var response = await _client.GetAsync("/jobs/doesnotexist/history");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Swagger_describes_the_train_endpoint()
    {
        var doc = await _client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        Assert.True(doc.GetProperty("paths").TryGetProperty("/train", out _));
    }

    private Task<HttpResponseMessage> Post(string json) =>
        _client.PostAsync("/train", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<int> JobCount() => (await _client.GetFromJsonAsync<JsonElement>("/jobs?limit=500")).GetArrayLength();

    private Task<string> StartAndWait(string body) => _client.StartJobAndWaitAsync(body);
}
