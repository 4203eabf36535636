using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Server.Jobs;
using GradientWeb.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GradientWeb.Server.Tests.Jobs;

/// <summary>
/// Issue 16: a running job keeps in memory only records not yet stored (Training:MaxHeldValues); the rest of its
/// history is read from storage, and every reader still sees each record exactly once.
/// </summary>
public sealed class HeldRecordsTests(HeldRecordsTests.SmallHoldApp app) : IClassFixture<HeldRecordsTests.SmallHoldApp>
{
    private const int Cap = 300;

    public sealed class SmallHoldApp : TestApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Training:MaxHeldValues"] = $"{Cap}",
            ["Training:StreamIntervalMilliseconds"] = "5",
        };
    }

    [Fact]
    public async Task A_long_job_holds_at_most_the_cap_in_memory_and_its_history_is_whole_while_it_runs_and_after()
    {
        var client = app.CreateClient();
        var id = await client.StartJobAsync("""{ "dataset": { "name": "icecream" }, "lr": 0.0001, "epochs": 1000, "init": { "weights": [-5, 10] } }""");
        var job = app.Services.GetRequiredService<IJobStore>().Find(id)!;

        // Mid-run, the history is the stored part and the held part joined: epochs 0, 1, 2, … with no gap or repeat.
        var checkedMidRun = 0;
        while (job.Status is JobStatus.Queued or JobStatus.Running)
        {
            var epochs = Epochs(await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history?from=0"));
            Assert.Equal(Enumerable.Range(0, epochs.Count), epochs);
            if (job.RecordCount > job.HeldCount && epochs.Count > 0)
            {
                checkedMidRun++;
            }

            await Task.Delay(50);
        }

        await client.WaitForJobAsync(id, s => s == "completed");
        var history = await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history");
        Assert.Equal(Enumerable.Range(0, 1001), Epochs(history));

        // What the job stored is many times the cap; what it ever held at once is the cap plus the record that crossed it.
        var values = history.GetProperty("records").EnumerateArray().Select(Values).ToList();
        Assert.True(values.Sum() > 20 * Cap, $"only {values.Sum()} values stored");
        Assert.InRange(job.PeakHeldValues, 1, Cap + values.Max());
        Assert.Equal(0, job.HeldCount);
        Assert.True(checkedMidRun > 0, "the history was never read while records had left memory");
    }

    [Fact]
    public async Task A_watcher_joining_after_records_left_memory_gets_every_record_once()
    {
        var client = app.CreateClient();
        var id = await client.StartJobAsync("""{ "dataset": { "name": "icecream" }, "lr": 0.0001, "epochs": 1500, "init": { "weights": [-5, 10] } }""");
        var job = app.Services.GetRequiredService<IJobStore>().Find(id)!;
        while (job.RecordCount - job.HeldCount < 50 && job.Status is JobStatus.Queued or JobStatus.Running)
        {
            await Task.Delay(5);
        }

        await using var watcher = await Hubs.RawSignalRClient.ConnectAsync(app.Server);
        var seen = await Hubs.TrainingHubTests.WatchToTheEnd(watcher, id);
        Assert.Equal(Enumerable.Range(0, 1501), seen.Epochs);
        Assert.True(seen.SnapshotCount >= 50, $"the snapshot had {seen.SnapshotCount} records: it should include the stored ones");
        Assert.Equal("completed", seen.FinalStatus);
    }

    private static List<int> Epochs(JsonElement history) =>
        [.. history.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32())];

    private static int Values(JsonElement record) =>
        record.GetProperty("weights").GetArrayLength() + (record.TryGetProperty("yhat", out var yhat) && yhat.ValueKind == JsonValueKind.Array ? yhat.GetArrayLength() : 0);
}
