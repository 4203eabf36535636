using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Storage;
using GradientWeb.Testing;
using Microsoft.Data.Sqlite;

namespace GradientWeb.Server.Tests.Jobs;

/// <summary>Jobs that survive: a real SQLite file across restarts, interrupted jobs, cancel, purge, limits.</summary>
public sealed class JobLifecycleTests : IDisposable
{
    private const string Lecture000 = """
        { "dataset": { "name": "icecream" }, "loss": "sse", "lr": 0.001, "epochs": 30, "init": { "weights": [-5, 10] } }
        """;

    private const string Long = """
        { "dataset": { "name": "dnnex0" }, "model": { "type": "mlp", "layers": [{ "linear": 64 }, "tanh", { "linear": 1 }, "sigmoid" ] },
          "loss": "bce", "optimizer": { "type": "adam" }, "lr": 0.01, "epochs": 100000, "init": { "seed": 1 } }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gradientweb-tests", Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(_folder, "jobs.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_restart_keeps_every_finished_job_and_its_whole_history()
    {
        string id;
        string before;
        using (var first = App())
        {
            var client = first.CreateClient();
            id = await StartAndWait(client, Lecture000);
            before = await client.GetStringAsync($"/jobs/{id}/history");
        }

        using var second = App();
        var again = second.CreateClient();
        var job = await again.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(30, job.GetProperty("epochsDone").GetInt32());
        Assert.Equal(-1342.25, Math.Round(job.GetProperty("diagnostics").GetProperty("gradient")[0].GetDouble(), 2));
        Assert.Equal(before, await again.GetStringAsync($"/jobs/{id}/history"));
        Assert.Equal(100, (await again.GetFromJsonAsync<JsonElement>($"/jobs/{id}/data")).GetProperty("y").GetArrayLength());
        var list = await again.GetFromJsonAsync<JsonElement>("/jobs");
        Assert.Contains(list.EnumerateArray(), j => j.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_job_running_when_the_process_died_comes_back_interrupted_and_restarts_to_the_same_numbers()
    {
        string id;
        string completed;
        using (var first = App())
        {
            var client = first.CreateClient();
            completed = await client.GetStringAsync($"/jobs/{await StartAndWait(client, Lecture000)}/history");
            id = await StartAndWait(client, Lecture000);
        }

        // What a killed process leaves behind: the row still says running, with part of its history.
        using (var connection = new SqliteConnection($"Data Source={DbPath}"))
        {
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT records FROM epoch_chunks WHERE job_id = $id ORDER BY first_epoch";
            read.Parameters.AddWithValue("$id", id);
            var kept = new List<EpochRecord>();
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    kept.AddRange(RecordChunks.Decode((byte[])reader[0]).Where(r => r.Epoch <= 12));
                }
            }

            using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE jobs SET status = 'running', finished_at = NULL WHERE id = $id;
                DELETE FROM epoch_chunks WHERE job_id = $id;
                INSERT INTO epoch_chunks (job_id, first_epoch, last_epoch, records) VALUES ($id, 0, 12, $records);
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$records", RecordChunks.Encode(GradientWeb.Server.Jobs.RecordSlices.Of(kept).Slices.Single()));
            command.ExecuteNonQuery();
        }

        using var second = App();
        var again = second.CreateClient();
        var job = await WaitFor(again, id, s => s != "running");
        Assert.Equal("interrupted", job.GetProperty("status").GetString());
        Assert.Equal(13, (await again.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").GetArrayLength());

        var restart = await again.PostAsync($"/jobs/{id}/restart", null);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        await WaitFor(again, id, s => s is "completed");
        Assert.Equal(completed, await again.GetStringAsync($"/jobs/{id}/history"));

        Assert.Equal(HttpStatusCode.Conflict, (await again.PostAsync($"/jobs/{id}/restart", null)).StatusCode);
    }

    [Fact]
    public async Task Stopping_the_server_checkpoints_a_running_job_as_interrupted()
    {
        string id;
        using (var first = App())
        {
            var client = first.CreateClient();
            id = await Start(client, Long);
            await WaitFor(client, id, s => s == "running", j => j.GetProperty("epochsDone").GetInt32() > 5);
        }

        using var second = App();
        var again = second.CreateClient();
        var job = await again.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("interrupted", job.GetProperty("status").GetString());
        var records = (await again.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records");
        Assert.Equal(job.GetProperty("epochsDone").GetInt32() + 1, records.GetArrayLength());
        Assert.True(records.GetArrayLength() > 6);
    }

    [Fact]
    public async Task Cancelling_mid_run_keeps_the_history_and_purge_removes_it()
    {
        using var app = App();
        var client = app.CreateClient();
        var id = await Start(client, Long);
        await WaitFor(client, id, _ => true, j => j.GetProperty("epochsDone").GetInt32() > 10);

        var cancel = await client.DeleteAsync($"/jobs/{id}");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var job = await WaitFor(client, id, s => s == "cancelled");
        var done = job.GetProperty("epochsDone").GetInt32();
        Assert.InRange(done, 11, 99_999);
        Assert.Equal(done + 1, (await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/jobs/{id}")).StatusCode);

        var cancelled = await client.GetFromJsonAsync<JsonElement>("/jobs?status=cancelled");
        Assert.Equal([id], cancelled.EnumerateArray().Select(j => j.GetProperty("id").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/jobs/{id}?purge=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/jobs/{id}/history")).StatusCode);
    }

    [Fact]
    public async Task Purging_a_running_job_is_a_conflict_and_lists_page()
    {
        using var app = App();
        var client = app.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await StartAndWait(client, Lecture000));
        }

        var running = await Start(client, Long);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/jobs/{running}?purge=true")).StatusCode);
        await client.DeleteAsync($"/jobs/{running}");

        var page1 = await client.GetFromJsonAsync<JsonElement>("/jobs?limit=2");
        var page2 = await client.GetFromJsonAsync<JsonElement>("/jobs?limit=2&offset=2");
        var seen = page1.EnumerateArray().Concat(page2.EnumerateArray()).Select(j => j.GetProperty("id").GetString()).ToList();
        Assert.Equal([running, ids[2], ids[1], ids[0]], seen);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/jobs?status=sleeping")).StatusCode);
    }

    [Fact]
    public async Task A_full_queue_is_a_429_with_retry_after_and_stores_nothing()
    {
        using var app = App(new() { ["Training:MaxConcurrentJobs"] = "1", ["Training:QueueCapacity"] = "1" });
        var client = app.CreateClient();
        var running = await Start(client, Long);
        await WaitFor(client, running, s => s == "running");
        var queued = await Start(client, Long);

        var refused = await client.PostAsync("/train", Json(Long));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/jobs")).GetArrayLength());

        await client.DeleteAsync($"/jobs/{queued}");
        await client.DeleteAsync($"/jobs/{running}");
        await WaitFor(client, queued, s => s == "cancelled");
    }

    [Fact]
    public async Task Restarting_into_a_full_queue_is_a_429_that_keeps_the_history()
    {
        using var app = App(new() { ["Training:MaxConcurrentJobs"] = "1", ["Training:QueueCapacity"] = "1" });
        var client = app.CreateClient();
        var stopped = await Start(client, Long);
        await WaitFor(client, stopped, s => s == "running", j => j.GetProperty("epochsDone").GetInt32() > 5);
        await client.DeleteAsync($"/jobs/{stopped}");
        var before = (await WaitFor(client, stopped, s => s == "cancelled")).GetProperty("epochsDone").GetInt32();

        var running = await Start(client, Long);
        await WaitFor(client, running, s => s == "running");
        var queued = await Start(client, Long);

        var restart = await client.PostAsync($"/jobs/{stopped}/restart", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, restart.StatusCode);
        var job = await client.GetFromJsonAsync<JsonElement>($"/jobs/{stopped}");
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        Assert.Equal(before + 1, (await client.GetFromJsonAsync<JsonElement>($"/jobs/{stopped}/history")).GetProperty("records").GetArrayLength());

        await client.DeleteAsync($"/jobs/{queued}");
        await client.DeleteAsync($"/jobs/{running}");
        await WaitFor(client, queued, s => s == "cancelled");
    }

    [Fact]
    public async Task A_job_over_the_wall_clock_cap_fails_with_the_reason()
    {
        using var app = App(new() { ["Training:MaxJobSeconds"] = "1" });
        var client = app.CreateClient();
        var id = await Start(client, Long);
        var job = await WaitFor(client, id, s => s == "failed");
        Assert.Contains("wall-clock cap of 1 s", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        var records = (await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").GetArrayLength();
        Assert.Equal(job.GetProperty("epochsDone").GetInt32() + (records > 0 ? 1 : 0), records);
    }

    private TestAppWith App(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []) { ["Storage:Path"] = DbPath };
        return new TestAppWith(all);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static Task<string> Start(HttpClient client, string body) => client.StartJobAsync(body);

    private static Task<string> StartAndWait(HttpClient client, string body) => client.StartJobAndWaitAsync(body);

    private static Task<JsonElement> WaitFor(HttpClient client, string id, Func<string, bool> status, Func<JsonElement, bool>? also = null) =>
        client.WaitForJobAsync(id, status, also);

    private sealed class TestAppWith(Dictionary<string, string?> settings) : TestApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => settings;
    }
}
