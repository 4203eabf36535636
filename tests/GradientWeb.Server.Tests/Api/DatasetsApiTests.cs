using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

public sealed class DatasetsApiTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Every_lecture_set_is_listed_with_its_description_and_columns()
    {
        var sets = await _client.GetFromJsonAsync<JsonElement>("/datasets");
        var names = sets.EnumerateArray().Where(s => s.GetProperty("builtIn").GetBoolean()).Select(s => s.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["icecream", "icecream-full", "linear30", "heightweight", "logistic", "dnnex0", "dnnex1", "dnnex2", "dnnex3"], names);
        var dnnex0 = sets.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "dnnex0");
        Assert.Equal(["x", "underlying", "y"], dnnex0.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["x"], dnnex0.GetProperty("xColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("guebin/DL2022", dnnex0.GetProperty("source").GetString(), StringComparison.Ordinal);

        var dnnex3 = await _client.GetFromJsonAsync<JsonElement>("/datasets/dnnex3");
        Assert.Equal(2000, dnnex3.GetProperty("rows").GetArrayLength());
        Assert.Equal(3, dnnex3.GetProperty("rows")[0].GetArrayLength());
    }

    [Fact]
    public async Task An_uploaded_csv_is_stored_listed_trained_on_and_deleted()
    {
        var csv = "\uFEFF\"x1\";\"x2\";\"target\"\r\n1;2;5\r\n2;1;4\r\n3;3;9.5\r\n4;0;4\r\n\r\n";
        var created = await _client.PostAsync("/datasets?name=my%20data", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var set = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = set.GetProperty("dataset").GetProperty("id").GetString()!;
        Assert.Equal($"/datasets/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("my data", set.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal(["x1", "x2", "target"], set.GetProperty("dataset").GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(4, set.GetProperty("dataset").GetProperty("rows").GetInt32());
        Assert.Equal([3f, 3f, 9.5f], set.GetProperty("rows")[2].EnumerateArray().Select(v => v.GetSingle()));

        var list = await _client.GetFromJsonAsync<JsonElement>("/datasets");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetString() == id);

        // Columns by name; y defaults to the last column.
        var job = await TrainAndWait($$"""{ "dataset": { "id": "{{id}}", "x": ["x2"] }, "lr": 0.01, "epochs": 5 }""");
        var data = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{job}/data");
        Assert.Equal(["x2"], data.GetProperty("xColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("target", data.GetProperty("yColumn").GetString());
        var echoed = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{job}")).GetProperty("request").GetProperty("dataset");
        Assert.Equal("target", echoed.GetProperty("y").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/datasets/{id}")).StatusCode);

        // The job keeps the points it trained on, and still lists, once it is read back from storage.
        Assert.Equal(4, (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{job}/data")).GetProperty("y").GetArrayLength());
        using var restarted = new SettingsApp(app.DatabasePath); // the job is no longer in memory there
        var listed = await restarted.CreateClient().GetAsync("/jobs?limit=500");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains((await listed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), j => j.GetProperty("id").GetString() == job);
    }

    [Fact]
    public async Task A_multipart_upload_works_like_the_page_sends_it()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("from form"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("1,2\n3,4\n5,7\n")), "file", "points.csv" },
        };
        var created = await _client.PostAsync("/datasets", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var set = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dataset");
        Assert.Equal("from form", set.GetProperty("name").GetString());
        Assert.Equal(["x", "y"], set.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData("x,y\n1,2\n3,abc\n", 3, "y")]
    [InlineData("x,y\n1,2\n3,4,5\n", 3, null)]
    [InlineData("x,y\n1,NaN\n", 2, "y")]
    [InlineData("x,y\n", null, null)]
    [InlineData("x\n1\n", 1, null)]
    public async Task A_bad_csv_is_a_400_naming_the_row_and_column_and_stores_nothing(string csv, int? row, string? column)
    {
        var before = (await _client.GetFromJsonAsync<JsonElement>("/datasets")).GetArrayLength();
        var response = await _client.PostAsync("/datasets?name=bad", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
        Assert.Equal(row, problem.TryGetProperty("row", out var r) ? r.GetInt32() : null);
        Assert.Equal(column, problem.TryGetProperty("column", out var c) ? c.GetString() : null);
        Assert.Equal(before, (await _client.GetFromJsonAsync<JsonElement>("/datasets")).GetArrayLength());
    }

    [Fact]
    public async Task Wrong_type_missing_name_too_large_and_built_in_deletes_are_refused()
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _client.PostAsync("/datasets?name=a", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        var noName = await _client.PostAsync("/datasets", new StringContent("x,y\n1,2\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.True((await noName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));

        var big = new StringBuilder("x,y\n");
        while (big.Length <= (5 * 1024 * 1024) + 10)
        {
            big.Append("123456.789,987654.321\n");
        }

        var tooLarge = await _client.PostAsync("/datasets?name=big", new StringContent(big.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.Conflict, (await _client.DeleteAsync("/datasets/icecream")).StatusCode);
    }

    [Theory]
    [InlineData("""{ "generate": "moons", "n": 200, "noise": 0.1, "seed": 7 }""", 200, 2)]
    [InlineData("""{ "generate": "linear", "n": 100, "weights": [2.5, 4], "noise": 0.5, "seed": 43052 }""", 100, 1)]
    [InlineData("""{ "generate": "logistic", "weights": [-1, 5] }""", 2000, 1)]
    [InlineData("""{ "generate": "xor", "seed": 1 }""", 200, 2)]
    [InlineData("""{ "generate": "circle", "n": 50 }""", 50, 2)]
    [InlineData("""{ "generate": "spiral", "n": 300, "noise": 0 }""", 300, 2)]
    public async Task Generated_data_is_the_same_for_the_same_request(string dataset, int rows, int features)
    {
        var body = $$"""{ "dataset": {{dataset}}, "model": { "type": "logistic" }, "lr": 0.1, "epochs": 2 }""";
        if (dataset.Contains("\"linear\"", StringComparison.Ordinal))
        {
            body = body.Replace("\"logistic\" }", "\"linear\" }", StringComparison.Ordinal);
        }

        var first = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{await TrainAndWait(body)}/data");
        var second = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{await TrainAndWait(body)}/data");
        Assert.Equal(rows, first.GetProperty("y").GetArrayLength());
        Assert.Equal(features, first.GetProperty("x").GetArrayLength());
        Assert.Equal(first.GetRawText(), second.GetRawText());
    }

    [Theory]
    [InlineData("""{ "generate": "blobs" }""", "dataset.generate")]
    [InlineData("""{ "generate": "moons", "n": 1 }""", "dataset.n")]
    [InlineData("""{ "generate": "moons", "noise": -1 }""", "dataset.noise")]
    [InlineData("""{ "generate": "moons", "weights": [1, 2] }""", "dataset.weights")]
    [InlineData("""{ "name": "icecream", "seed": 1 }""", "dataset.seed")]
    [InlineData("""{ "name": "icecream", "generate": "moons" }""", "dataset")]
    [InlineData("""{ "id": "nope" }""", "dataset.id")]
    [InlineData("""{ "name": "dnnex3", "x": ["x1", "x9"] }""", "dataset.x[1]")]
    [InlineData("""{ "name": "dnnex3", "x": [1] }""", "dataset.x[0]")]
    [InlineData("""{ "name": "dnnex3", "y": "label" }""", "dataset.y")]
    [InlineData("""{ "name": "dnnex3", "x": ["y"], "y": "y" }""", "dataset.x")]
    public async Task Bad_data_choices_are_400s_naming_the_field(string dataset, string field)
    {
        var response = await _client.PostAsync("/train", new StringContent($$"""{ "dataset": {{dataset}}, "lr": 0.1, "epochs": 2 }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Fact]
    public async Task Uploads_survive_a_restart()
    {
        var path = Path.Combine(app.DataFolder, "restart.db");
        string id;
        using (var first = new SettingsApp(path))
        {
            var response = await first.CreateClient().PostAsync("/datasets?name=kept", new StringContent("a,b\n1,2\n3,4\n", Encoding.UTF8, "text/csv"));
            id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dataset").GetProperty("id").GetString()!;
        }

        using var second = new SettingsApp(path);
        var set = await second.CreateClient().GetFromJsonAsync<JsonElement>($"/datasets/{id}");
        Assert.Equal("kept", set.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal([3f, 4f], set.GetProperty("rows")[1].EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task A_multipart_file_exactly_at_the_cap_is_accepted_and_one_byte_more_is_a_413_naming_the_cap()
    {
        // Issue 16, finding 7: the cap counts the file, not the multipart envelope around it.
        var client = app.WithWebHostBuilder(b => b.UseSetting("Datasets:MaxUploadBytes", "1024")).CreateClient();
        var atCap = "x,y\n" + string.Concat(Enumerable.Repeat("1,2\n", 255));
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(atCap));

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/datasets", Multipart("at the cap", atCap))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/datasets?name=as%20csv", new StringContent(atCap, Encoding.UTF8, "text/csv"))).StatusCode);

        foreach (var over in new HttpContent[] { Multipart("over", atCap + "\n"), new StringContent(atCap + "\n", Encoding.UTF8, "text/csv") })
        {
            var response = await client.PostAsync("/datasets?name=over", over);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("1024 bytes (Datasets:MaxUploadBytes)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static MultipartFormDataContent Multipart(string name, string csv)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { new StringContent(name), "name" }, { file, "file", "data.csv" } };
    }

    private Task<string> TrainAndWait(string body) => _client.StartJobAndWaitAsync(body);

    private sealed class SettingsApp(string path) : TestApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Storage:Path"] = path };
    }
}
