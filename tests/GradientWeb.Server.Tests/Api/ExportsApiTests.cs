using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsvHelper;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

/// <summary>The downloads parse back to exactly the numbers <c>GET /jobs/{id}/history</c> gives.</summary>
public sealed class ExportsApiTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task History_csv_has_epoch_loss_and_a_column_per_weight_with_the_historys_exact_floats()
    {
        // A two-layer net: its weight names (0.weight[1,0]) hold commas and must come back as one column each.
        var id = await _client.StartJobAndWaitAsync("""
            { "dataset": { "name": "dnnex0" }, "model": { "type": "mlp", "layers": [{"linear": 2}, "relu", {"linear": 1}, "sigmoid"] },
              "loss": "bce", "optimizer": { "type": "adam" }, "lr": 0.05, "epochs": 40, "init": { "seed": 43052 } }
            """);
        var response = await _client.GetAsync($"/jobs/{id}/history.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"gradientweb-{id}-history.csv", response.Content.Headers.ContentDisposition?.FileNameStar);

        var (header, rows) = ParseCsv(await response.Content.ReadAsStringAsync());
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        string[] expectedHeader = ["epoch", "loss", .. job.GetProperty("paramNames").EnumerateArray().Select(n => n.GetString()!)];
        Assert.Equal(expectedHeader, header);
        Assert.Equal("0.weight[1,0]", header[3]);
        AssertSameAsHistory(await History(id), rows.Select(r => (int.Parse(r[0], CultureInfo.InvariantCulture), r[1..])).ToList());
    }

    [Fact]
    public async Task A_long_history_streams_in_chunks()
    {
        var id = await _client.StartJobAndWaitAsync(Lecture000(epochs: 5000, lr: 0.001));
        var response = await _client.GetAsync($"/jobs/{id}/history.csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Null(response.Content.Headers.ContentLength);
        var (_, rows) = ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(5001, rows.Count);
        Assert.Equal(Enumerable.Range(0, 5001).Select(e => e.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
    }

    [Fact]
    public async Task A_diverged_run_exports_its_last_loss_as_infinity_or_nan()
    {
        var id = await _client.StartJobAndWaitAsync(Lecture000(epochs: 3000, lr: 0.02));
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("diverged", job.GetProperty("status").GetString());
        var (_, rows) = ParseCsv(await _client.GetStringAsync($"/jobs/{id}/history.csv"));
        Assert.False(float.IsFinite(float.Parse(rows[^1][1], CultureInfo.InvariantCulture)), rows[^1][1]);
        AssertSameAsHistory(await History(id), rows.Select(r => (int.Parse(r[0], CultureInfo.InvariantCulture), r[1..])).ToList());
    }

    [Fact]
    public async Task History_json_holds_the_job_and_every_record_with_yhat_only_on_request()
    {
        var id = await _client.StartJobAndWaitAsync(Lecture000(epochs: 30, lr: 0.001));
        var response = await _client.GetAsync($"/jobs/{id}/history.json");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"gradientweb-{id}-history.json", response.Content.Headers.ContentDisposition?.FileNameStar);
        var file = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, file.GetProperty("job").GetProperty("id").GetString());
        Assert.Equal(["w0", "w1"], file.GetProperty("paramNames").EnumerateArray().Select(n => n.GetString()!));
        var records = file.GetProperty("records").EnumerateArray().ToList();
        AssertSameAsHistory(await History(id), [.. records.Select(r => (r.GetProperty("epoch").GetInt32(), Numbers(r)))]);
        Assert.All(records, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("yhat").ValueKind));

        var withYhat = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history.json?yhat=true");
        var history = await History(id);
        Assert.Equal(
            history[30].GetProperty("yhat").EnumerateArray().Select(v => v.GetSingle()),
            withYhat.GetProperty("records")[30].GetProperty("yhat").EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task A_sweep_exports_one_csv_with_a_column_per_run_and_one_json()
    {
        var response = await _client.PostAsync("/sweeps", Json($$"""{ "base": {{Lecture000(epochs: 200, lr: 0.001)}}, "vary": { "lr": [0.001, 0.02] } }"""));
        var sweep = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sweepId = sweep.GetProperty("id").GetString()!;
        var jobIds = sweep.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("jobId").GetString()!).ToArray();
        foreach (var jobId in jobIds)
        {
            await _client.WaitForJobAsync(jobId, s => s is not ("queued" or "running"));
        }

        var csvResponse = await _client.GetAsync($"/sweeps/{sweepId}/history.csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"gradientweb-sweep-{sweepId}-history.csv", csvResponse.Content.Headers.ContentDisposition?.FileNameStar);
        var (header, rows) = ParseCsv(await csvResponse.Content.ReadAsStringAsync());
        Assert.Equal(["epoch", "lr = 0.001: loss", "lr = 0.001: w0", "lr = 0.001: w1", "lr = 0.02: loss", "lr = 0.02: w0", "lr = 0.02: w1"], header);
        Assert.Equal(201, rows.Count);

        var steady = await History(jobIds[0]);
        var diverged = await History(jobIds[1]);
        Assert.True(diverged.Count < 201, "lr = 0.02 diverges on lecture 000's data before epoch 200");
        AssertSameAsHistory(steady, rows.Select(r => (int.Parse(r[0], CultureInfo.InvariantCulture), r[1..4])).ToList());
        AssertSameAsHistory(diverged, rows.Take(diverged.Count).Select(r => (int.Parse(r[0], CultureInfo.InvariantCulture), r[4..])).ToList());
        Assert.All(rows.Skip(diverged.Count), r => Assert.Equal(["", "", ""], r[4..]));

        var json = await _client.GetFromJsonAsync<JsonElement>($"/sweeps/{sweepId}/history.json");
        Assert.Equal(sweepId, json.GetProperty("sweep").GetString());
        var runs = json.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(["lr = 0.001", "lr = 0.02"], runs.Select(r => r.GetProperty("label").GetString()!));
        Assert.Equal(diverged.Count, runs[1].GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task A_sweep_with_validation_splits_exports_each_runs_validation_loss_beside_its_loss()
    {
        // Issue 17's lesson, batch size 1 against full batch, each on the same held-out rows: the validation curve is
        // the one to compare, so the sweep's CSV carries it for every run that has a split.
        var body = """
            { "base": { "dataset": { "name": "icecream" }, "loss": "mse", "optimizer": { "type": "sgd" }, "lr": 0.0001, "epochs": 12,
                        "init": { "weights": [-5, 10] }, "validation": { "fraction": 0.25, "seed": 3 } },
              "vary": { "batch": [{ "size": 1, "seed": 2 }, null] } }
            """;
        var response = await _client.PostAsync("/sweeps", Json(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var sweep = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sweepId = sweep.GetProperty("id").GetString()!;
        var members = sweep.GetProperty("members").EnumerateArray().ToArray();
        foreach (var member in members)
        {
            await _client.WaitForJobAsync(member.GetProperty("jobId").GetString()!, s => s is not ("queued" or "running"));
        }

        var (header, rows) = ParseCsv(await _client.GetStringAsync($"/sweeps/{sweepId}/history.csv"));
        var labels = members.Select(m => m.GetProperty("label").GetString()!).ToArray();
        Assert.Equal(
            ["epoch", .. labels.SelectMany(l => new[] { $"{l}: loss", $"{l}: validation_loss", $"{l}: w0", $"{l}: w1" })],
            header);
        Assert.Equal(13, rows.Count);
        for (var run = 0; run < members.Length; run++)
        {
            var history = await History(members[run].GetProperty("jobId").GetString()!);
            var cells = rows.Select(r => r[(1 + (4 * run))..(5 + (4 * run))]).ToList();
            Assert.Equal(history.Select(h => Float(h.GetProperty("validationLoss"))), cells.Select(c => float.Parse(c[1], CultureInfo.InvariantCulture)));
            AssertSameAsHistory(history, [.. rows.Select((r, k) => (int.Parse(r[0], CultureInfo.InvariantCulture), (string[])[cells[k][0], .. cells[k][2..]]))]);
        }
    }

    [Fact]
    public async Task A_sweep_whose_runs_were_purged_exports_what_is_left()
    {
        var response = await _client.PostAsync("/sweeps", Json($$"""{ "base": {{Lecture000(epochs: 5, lr: 0.001)}}, "vary": { "lr": [0.001, 0.002] } }"""));
        var sweep = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sweepId = sweep.GetProperty("id").GetString()!;
        foreach (var member in sweep.GetProperty("members").EnumerateArray())
        {
            var jobId = member.GetProperty("jobId").GetString()!;
            await _client.WaitForJobAsync(jobId, s => s is not ("queued" or "running"));
            Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/jobs/{jobId}?purge=true")).StatusCode);
        }

        Assert.Equal("epoch\r\n", await _client.GetStringAsync($"/sweeps/{sweepId}/history.csv"));
        var json = await _client.GetFromJsonAsync<JsonElement>($"/sweeps/{sweepId}/history.json");
        Assert.Equal(0, json.GetProperty("runs").GetArrayLength());
    }

    [Theory]
    [InlineData("/jobs/0123456789abcdef01234567/history.csv", "job")]
    [InlineData("/jobs/nope/history.json", "job")]
    [InlineData("/jobs/nope/script.py", "job")]
    [InlineData("/sweeps/nope/history.csv", "sweep")]
    [InlineData("/sweeps/nope/history.json", "sweep")]
    public async Task Exports_of_what_does_not_exist_are_404_problems(string url, string what)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"No such {what}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static string Lecture000(int epochs, double lr) => string.Create(CultureInfo.InvariantCulture, $$"""
        { "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse",
          "optimizer": { "type": "sgd" }, "lr": {{lr}}, "epochs": {{epochs}}, "init": { "weights": [-5, 10] } }
        """);

    internal static (string[] Header, List<string[]> Rows) ParseCsv(string text)
    {
        using var csv = new CsvParser(new StringReader(text), CultureInfo.InvariantCulture);
        Assert.True(csv.Read(), "the CSV is empty");
        var header = csv.Record!;
        var rows = new List<string[]>();
        while (csv.Read())
        {
            Assert.Equal(header.Length, csv.Record!.Length);
            rows.Add(csv.Record);
        }

        return (header, rows);
    }

    /// <summary>Each row's loss and weights, parsed as float32, equal the history's to the bit.</summary>
    internal static void AssertSameAsHistory(IReadOnlyList<JsonElement> history, IReadOnlyList<(int Epoch, string[] Numbers)> rows)
    {
        Assert.Equal(history.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(history[i].GetProperty("epoch").GetInt32(), rows[i].Epoch);
            float[] expected = [Float(history[i].GetProperty("loss")), .. history[i].GetProperty("weights").EnumerateArray().Select(Float)];
            Assert.Equal(expected, rows[i].Numbers.Select(n => float.Parse(n, CultureInfo.InvariantCulture)));
        }
    }

    internal async Task<List<JsonElement>> History(string id) =>
        [.. (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").EnumerateArray()];

    // The API writes a non-finite float as the string "NaN" / "Infinity".
    private static float Float(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? float.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetSingle();

    private static string[] Numbers(JsonElement record) =>
        [Text(record.GetProperty("loss")), .. record.GetProperty("weights").EnumerateArray().Select(Text)];

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
