using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

public sealed class SweepsApiTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Lecture_000s_four_learning_rates_run_as_one_sweep()
    {
        var response = await Post($$"""{ "base": {{TrainApiTests.Lecture000}}, "vary": { "lr": [0.0001, 0.001, 0.0083, 0.0085] } }""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sweep = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = sweep.GetProperty("id").GetString();
        Assert.Equal($"/sweeps/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["lr = 0.0001", "lr = 0.001", "lr = 0.0083", "lr = 0.0085"], sweep.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("label").GetString()!));
        Assert.Contains(id!, sweep.GetProperty("compareUrl").GetString(), StringComparison.Ordinal);

        JsonElement state = default;
        for (var i = 0; i < 500; i++)
        {
            state = await _client.GetFromJsonAsync<JsonElement>($"/sweeps/{id}");
            if (state.GetProperty("members").EnumerateArray().All(m => m.GetProperty("job").GetProperty("status").GetString() is "completed" or "diverged"))
            {
                break;
            }

            await Task.Delay(20);
        }

        var losses = state.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("job").GetProperty("result").GetProperty("finalLoss").GetDouble()).ToArray();
        // 0.001 converges best in 30 epochs; 0.0085 (past 2/λmax = 0.008238) ends far above it.
        Assert.True(losses[1] < losses[0] && losses[1] < losses[3], string.Join(", ", losses));
        Assert.Equal(0.0085, state.GetProperty("members")[3].GetProperty("job").GetProperty("request").GetProperty("lr").GetDouble());
    }

    [Fact]
    public async Task Several_keys_give_every_combination_with_dotted_paths()
    {
        var response = await Post($$"""
            { "base": {{TrainApiTests.Lecture000}}, "vary": { "optimizer": [{ "type": "sgd" }, { "type": "adam" }], "optimizer.weightDecay": [0, 0.01], "epochs": [5] } }
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var members = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").EnumerateArray().ToArray();
        Assert.Equal(
            ["optimizer = sgd, optimizer.weightDecay = 0, epochs = 5", "optimizer = sgd, optimizer.weightDecay = 0.01, epochs = 5", "optimizer = adam, optimizer.weightDecay = 0, epochs = 5", "optimizer = adam, optimizer.weightDecay = 0.01, epochs = 5"],
            members.Select(m => m.GetProperty("label").GetString()!));
        Assert.Equal("adam", members[3].GetProperty("job").GetProperty("request").GetProperty("optimizer").GetProperty("type").GetString());
        Assert.Equal(0.01, members[3].GetProperty("job").GetProperty("request").GetProperty("optimizer").GetProperty("weightDecay").GetDouble());
    }

    [Theory]
    [InlineData("""{ "vary": { "lr": [0.1] } }""", "base")]
    [InlineData("""{ "base": { "dataset": { "name": "icecream" }, "epochs": 3 } }""", "vary")]
    [InlineData("""{ "base": { "dataset": { "name": "icecream" }, "epochs": 3 }, "vary": { "lr": [] } }""", "vary.lr")]
    [InlineData("""{ "base": { "dataset": { "name": "icecream" }, "epochs": 3 }, "vary": { "speed": [1] } }""", "vary.speed")]
    [InlineData("""{ "base": { "dataset": { "name": "icecream" }, "epochs": 3 }, "vary": { "lr": [0.001, -1] } }""", "members[1].lr")]
    [InlineData("""{ "base": { "dataset": { "name": "icecream" }, "epochs": 3 }, "vary": { "lr": [0.001, "fast"] } }""", "members[1].lr")]
    [InlineData("""{ "base": { "dataset": { "name": "icecream" }, "epochs": 3 }, "vary": { "lr": [1, 2, 3, 4, 5, 6, 7, 8, 9], "epochs": [1, 2, 3, 4, 5, 6, 7, 8] } }""", "vary")]
    public async Task A_bad_sweep_is_a_400_naming_the_member_and_starts_nothing(string body, string field)
    {
        var before = (await _client.GetFromJsonAsync<JsonElement>("/jobs?limit=500")).GetArrayLength();
        var response = await Post(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await _client.GetFromJsonAsync<JsonElement>("/jobs?limit=500")).GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_sweep_is_a_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/sweeps/0123456789abcdef01234567")).StatusCode);
    }

    private Task<HttpResponseMessage> Post(string body) => _client.PostAsync("/sweeps", new StringContent(body, Encoding.UTF8, "application/json"));
}
