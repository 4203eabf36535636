using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

public sealed class PresetsApiTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<JsonElement[]> Presets() => [.. (await _client.GetFromJsonAsync<JsonElement>("/presets")).EnumerateArray()];

    [Fact]
    public async Task Every_experiment_of_the_seeds_readme_has_a_card()
    {
        var ids = (await Presets()).Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(
            ["l000-fit", "l000-learning-rates", "l000-learning-rates-long", "l001-mse", "l001-sgd", "l002-function", "l002-heightweight", "l003-bce-mse", "l003-adam", "l003-dnnex0", "l003-dnnex1", "l003-dnnex2", "l003-dnnex3", "l004-beta", "l004-homework"],
            ids);
        var fourRates = (await Presets()).Single(p => p.GetProperty("id").GetString() == "l000-learning-rates");
        Assert.Equal([0.0001, 0.0083, 0.0085, 0.01], fourRates.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("request").GetProperty("lr").GetDouble()));
        var beta = (await Presets()).Single(p => p.GetProperty("id").GetString() == "l004-beta");
        Assert.Equal(5, beta.GetProperty("runs").GetArrayLength());
    }

    public static TheoryData<string> PresetIds => ["l000-fit", "l000-learning-rates", "l000-learning-rates-long", "l001-mse", "l001-sgd", "l002-function", "l002-heightweight", "l003-bce-mse", "l003-adam", "l003-dnnex0", "l003-dnnex1", "l003-dnnex2", "l003-dnnex3", "l004-beta", "l004-homework"];

    [Theory]
    [MemberData(nameof(PresetIds))]
    public async Task Every_run_of_every_preset_is_accepted_and_trains_to_its_end(string id)
    {
        var preset = (await Presets()).Single(p => p.GetProperty("id").GetString() == id);
        foreach (var run in preset.GetProperty("runs").EnumerateArray())
        {
            var jobId = await _client.StartJobAndWaitAsync(run.GetProperty("request").GetRawText());
            var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{jobId}");
            Assert.True(job.GetProperty("status").GetString() is "completed" or "diverged", $"{id} {run.GetProperty("label")}: {job}");
        }
    }

    [Theory]
    [InlineData("l000-fit", 0, 26.42)] // lecture 000's table ends at 26.42
    [InlineData("l002-heightweight", 0, 4.67)] // 13.3520 → 4.6796 (printed to epoch 490)
    [InlineData("l004-beta", 0, double.NaN)] // α = 0.01/6: the notes print β = −9.040152 after 100 steps (checked below)
    public async Task Presets_reproduce_the_numbers_the_notes_print(string id, int runIndex, double approxLoss)
    {
        var preset = (await Presets()).Single(p => p.GetProperty("id").GetString() == id);
        var request = preset.GetProperty("runs")[runIndex].GetProperty("request").GetRawText();
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{await _client.StartJobAndWaitAsync(request)}");
        var result = job.GetProperty("result");
        if (id == "l004-beta")
        {
            Assert.Equal(-9.040152, result.GetProperty("finalWeights")[0].GetDouble(), 4);
            return;
        }

        Assert.Equal(approxLoss, result.GetProperty("finalLoss").GetDouble(), 1);
    }

    [Fact]
    public async Task Lecture_001s_mini_batch_card_quotes_the_notes_and_sweeps_the_batch_size()
    {
        var card = (await Presets()).Single(p => p.GetProperty("id").GetString() == "l001-sgd");
        Assert.Contains("미니 배치(Mini-Batch) 형태로 전체 대이터를 N등분하여 학습 진행", card.GetProperty("description").GetString(), StringComparison.Ordinal);
        // The quote is the notes' own sentence, their spelling kept (the seeds sit beside the repository when present).
        for (var dir = new DirectoryInfo(TestPaths.RepoRoot); dir is not null; dir = dir.Parent)
        {
            var notes = Path.Combine(dir.FullName, "shared", "seeds", "001_44922461400d2a4d.txt");
            if (File.Exists(notes))
            {
                Assert.Contains("미니 배치(Mini-Batch) 형태로 전체 대이터를 N등분하여 학습 진행", await File.ReadAllTextAsync(notes), StringComparison.Ordinal);
                break;
            }
        }

        var sizes = card.GetProperty("runs").EnumerateArray()
            .Select(r => r.GetProperty("request").TryGetProperty("batch", out var b) ? b.GetProperty("size").GetInt32() : 0).ToArray();
        Assert.Equal([10, 1, 0, 10], sizes);
    }

    [Fact]
    public async Task Swagger_offers_every_preset_run_as_a_request_example_of_post_train()
    {
        var doc = await _client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var examples = doc.GetProperty("paths").GetProperty("/train").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("examples");
        var names = examples.EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("l000-fit", names);
        Assert.Contains("l000-learning-rates-4", names);
        Assert.Contains("l004-beta-5", names);
        Assert.Equal(4.05, examples.GetProperty("l004-beta-5").GetProperty("value").GetProperty("lr").GetDouble());
        var total = (await Presets()).Sum(p => p.GetProperty("runs").GetArrayLength());
        Assert.Equal(total, names.Count);
    }

    [Fact]
    public async Task Swaggers_example_of_post_sweeps_is_lecture_000s_four_learning_rates_and_starts_them()
    {
        var doc = await _client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var example = doc.GetProperty("paths").GetProperty("/sweeps").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal([0.0001, 0.0083, 0.0085, 0.01], example.GetProperty("vary").GetProperty("lr").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("icecream", example.GetProperty("base").GetProperty("dataset").GetProperty("name").GetString());

        var response = await _client.PostAsJsonAsync("/sweeps", example);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var sweep = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, sweep.GetProperty("members").GetArrayLength());
    }
}
