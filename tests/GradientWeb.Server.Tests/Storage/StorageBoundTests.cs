using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Storage;

/// <summary>Limits:MaxStoredValues: what one job keeps is bounded before it starts, however many epochs it asks.</summary>
public sealed class StorageBoundTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task A_job_over_the_cap_keeps_every_kth_record_with_the_first_and_the_last_and_says_k()
    {
        // 2 weights × 1 001 records = 2 002 values over a cap of 100: at most 50 records, so every 21st epoch.
        var client = app.WithWebHostBuilder(b => b.UseSetting("Limits:MaxStoredValues", "100")).CreateClient();
        var id = await client.StartJobAndWaitAsync("""{ "dataset": { "name": "icecream" }, "lr": 0.0001, "epochs": 1000, "init": { "weights": [-5, 10] } }""");
        var job = await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(21, job.GetProperty("recordEvery").GetInt32());
        Assert.Equal(1000, job.GetProperty("epochsDone").GetInt32());

        var epochs = (await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32()).ToList();
        Assert.True(epochs.Count * 2 <= 100, $"{epochs.Count} records of 2 weights exceed the cap of 100");
        Assert.Equal(0, epochs[0]);
        Assert.Equal(1000, epochs[^1]);
        Assert.All(epochs[..^1], e => Assert.Equal(0, e % 21));
    }

    [Fact]
    public async Task A_job_under_the_cap_keeps_every_record()
    {
        var client = app.CreateClient();
        var id = await client.StartJobAndWaitAsync("""{ "dataset": { "name": "icecream" }, "lr": 0.0001, "epochs": 30, "init": { "weights": [-5, 10] } }""");
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}")).GetProperty("recordEvery").GetInt32());
        Assert.Equal(31, (await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task A_model_whose_first_and_last_records_do_not_fit_is_a_400_naming_the_cap()
    {
        var client = app.WithWebHostBuilder(b => b.UseSetting("Limits:MaxStoredValues", "3")).CreateClient();
        var response = await client.PostAsync("/train", new StringContent("""{ "dataset": { "name": "icecream" }, "lr": 0.001, "epochs": 5 }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Limits:MaxStoredValues", problem.GetProperty("errors").GetProperty("model")[0].GetString());
    }

    [Fact]
    public async Task The_issues_300_wide_mlp_for_1500_epochs_stays_under_the_documented_memory_and_file_bounds()
    {
        // 91 201 weights × 1 501 records would be 137 million values (548 MB); the default cap keeps 20 million.
        var client = app.CreateClient();
        var before = CurrentMegabytes();
        var peak = before;
        var id = await client.StartJobAsync("""
            { "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "linear": 300 }, "relu", { "linear": 300 }, "relu", { "linear": 1 }] },
              "lr": 0.001, "epochs": 1500, "init": { "seed": 1 } }
            """);
        JsonElement job;
        do
        {
            peak = Math.Max(peak, CurrentMegabytes());
            await Task.Delay(50);
            job = await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        }
        while (job.GetProperty("status").GetString() is "queued" or "running");

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.True(job.GetProperty("recordEvery").GetInt32() > 1);
        var database = new FileInfo(app.DatabasePath).Length + (File.Exists(app.DatabasePath + "-wal") ? new FileInfo(app.DatabasePath + "-wal").Length : 0);

        // README: a job keeps at most 80 MB of weights. What stays allocated once the job is done is far under the
        // 548 MB the issue's job kept; the peak (this test host also runs other tests' jobs, and each epoch's record
        // is copied before it is thinned) stays under the 780 MB growth the issue measured; the file under the cap
        // plus its points and WAL.
        var retained = GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024;
        Assert.True(retained < 400, $"{retained} MB stay allocated after the job");
        Assert.True(peak - before < 700, $"the working set grew by {peak - before} MB while training");
        Assert.True(database < 200L * 1024 * 1024, $"the database and WAL hold {database / 1024 / 1024} MB");
    }

    private static long CurrentMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1024 / 1024;
    }
}
