using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Hubs;

public sealed class TrainingHubTests(TestApp factory) : IClassFixture<TestApp>
{
    private static readonly string[] Finished = ["completed", "diverged", "failed", "cancelled"];

    [Fact]
    public async Task A_watcher_from_the_start_gets_every_record_once_in_order()
    {
        var id = await StartJob(Api.TrainApiTests.Lecture000);
        await using var client = await RawSignalRClient.ConnectAsync(factory.Server);
        var seen = await WatchToTheEnd(client, id);

        Assert.Equal(Enumerable.Range(0, 31), seen.Epochs);
        Assert.Equal("completed", seen.FinalStatus);
    }

    [Fact]
    public async Task A_watcher_that_joins_mid_run_gets_the_snapshot_then_the_rest_with_no_gap_or_duplicate()
    {
        // Long enough to join while it runs: 20 000 rows × 20 000 epochs.
        var x = string.Join(',', Enumerable.Range(0, 20_000).Select(i => (i / 10_000.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var y = string.Join(',', Enumerable.Range(0, 20_000).Select(i => (1 + (2 * i / 10_000.0)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var id = await StartJob($$"""{ "dataset": { "x": [{{x}}], "y": [{{y}}] }, "loss": "mse", "lr": 0.01, "epochs": 20000 }""");

        await using var early = await RawSignalRClient.ConnectAsync(factory.Server);
        var earlyWatch = await early.StreamAsync("Watch", id);
        var earlyMessages = new List<JsonElement>();
        JsonElement message;
        do
        {
            message = await early.NextAsync();
            earlyMessages.Add(message);
        }
        while (!IsEpochs(message));

        await using var late = await RawSignalRClient.ConnectAsync(factory.Server);
        var lateSeen = await WatchToTheEnd(late, id);
        var earlySeen = await Collect(early, earlyWatch, earlyMessages);

        Assert.True(lateSeen.SnapshotCount is > 0 and < 20_001, $"the late watcher should join mid-run; its snapshot had {lateSeen.SnapshotCount} records");
        Assert.Equal(Enumerable.Range(0, 20_001), lateSeen.Epochs);
        Assert.Equal(Enumerable.Range(0, 20_001), earlySeen.Epochs);
        Assert.Equal("completed", lateSeen.FinalStatus);
    }

    [Fact]
    public async Task A_watcher_of_a_finished_job_gets_every_record_once()
    {
        var id = await StartJob(Api.TrainApiTests.Lecture000);
        using var http = factory.CreateClient();
        while ((await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}")).GetProperty("status").GetString() != "completed")
        {
            await Task.Delay(20);
        }

        // The feed may still be pushing its last batch: what it has not sent yet follows the snapshot live.
        await using var client = await RawSignalRClient.ConnectAsync(factory.Server);
        var seen = await WatchToTheEnd(client, id);
        Assert.Equal(Enumerable.Range(0, 31), seen.Epochs);
        Assert.Equal("completed", seen.FinalStatus);
    }

    [Fact]
    public async Task A_long_history_arrives_as_pages_of_bounded_size_every_record_once_in_order()
    {
        // 1→64→64→1 (4 353 weights) for 600 epochs: ~2.6 M values, ~30 MB as one JSON message; pages are ~1 MB.
        var id = await StartJob("""
            { "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "linear": 64 }, "tanh", { "linear": 64 }, "tanh", { "linear": 1 }] },
              "loss": "mse", "optimizer": { "type": "sgd" }, "lr": 0.01, "epochs": 600, "init": { "seed": 1 } }
            """);
        using var http = factory.CreateClient();
        while ((await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}")).GetProperty("status").GetString() is "queued" or "running")
        {
            await Task.Delay(50);
        }

        await using var client = await RawSignalRClient.ConnectAsync(factory.Server);
        var watch = await client.StreamAsync("Watch", id);
        var sizes = new List<int>();
        var epochs = new List<int>();
        JsonElement m;
        while (!((m = await client.NextAsync()).GetProperty("type").GetInt32() == 3 && m.GetProperty("invocationId").GetString() == watch))
        {
            if (m.GetProperty("type").GetInt32() == 2)
            {
                sizes.Add(m.GetRawText().Length);
                epochs.AddRange(m.GetProperty("item").GetProperty("records").EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32()));
            }
        }

        Assert.False(m.TryGetProperty("error", out var error), $"Watch failed: {error}");
        Assert.Equal(Enumerable.Range(0, 601), epochs);
        Assert.True(sizes.Count >= 10, $"{sizes.Count} pages");
        Assert.True(sizes.Max() < 1_200_000, $"the largest page is {sizes.Max()} bytes");
    }

    [Fact]
    public async Task A_watcher_hears_the_start_diagnostics_while_the_job_runs()
    {
        // 2 000 rows × 4 353 weights: its diagnostics may be computed beside the training, after "running" was said.
        var id = await StartJob("""
            { "dataset": { "name": "dnnex0" }, "model": { "type": "mlp", "layers": [{ "linear": 64 }, "relu", { "linear": 64 }, "relu", { "linear": 1 }, "sigmoid"] },
              "loss": "bce", "optimizer": { "type": "adam" }, "lr": 0.01, "epochs": 600, "init": { "seed": 43052 } }
            """);
        await using var client = await RawSignalRClient.ConnectAsync(factory.Server);
        var watch = await client.StreamAsync("Watch", id);
        while (true)
        {
            var m = await client.NextAsync();
            var job = m.GetProperty("type").GetInt32() switch
            {
                1 when m.GetProperty("target").GetString() == "Status" => m.GetProperty("arguments")[0],
                2 when m.GetProperty("invocationId").GetString() == watch => m.GetProperty("item").GetProperty("job"),
                _ => default,
            };
            if (job.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var status = job.GetProperty("status").GetString();
            Assert.True(status is "queued" or "running", $"the job ended ({status}) before its watcher heard its diagnostics");
            if (job.GetProperty("diagnostics").ValueKind == JsonValueKind.Object)
            {
                Assert.Equal("running", status);
                return;
            }
        }
    }

    [Fact]
    public async Task Watching_an_unknown_job_is_an_error_and_joins_nothing()
    {
        await using var client = await RawSignalRClient.ConnectAsync(factory.Server);
        await client.StreamAsync("Watch", "no-such-job");
        var completion = await client.NextAsync();
        Assert.Equal(3, completion.GetProperty("type").GetInt32());
        Assert.Contains("does not exist", completion.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private async Task<string> StartJob(string body)
    {
        using var http = factory.CreateClient();
        var response = await http.PostAsync("/train", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static bool IsEpochs(JsonElement m) => m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == "Epochs";

    internal static async Task<Seen> WatchToTheEnd(RawSignalRClient client, string id) =>
        await Collect(client, await client.StreamAsync("Watch", id), []);

    /// <summary>
    /// Reads until the job's final Status, then lays out what a page would see: the snapshot's records, then the
    /// live ones in arrival order (live messages may overtake the Watch reply; the page holds them, so do we).
    /// </summary>
    internal static async Task<Seen> Collect(RawSignalRClient client, string invocation, List<JsonElement> already)
    {
        var messages = new List<JsonElement>(already);
        string? finalStatus = null;
        foreach (var m in already)
        {
            finalStatus = FinishedStatus(m) ?? finalStatus;
        }

        while (finalStatus is null || !messages.Any(m => IsCompletion(m, invocation)))
        {
            var m = await client.NextAsync();
            messages.Add(m);
            finalStatus = FinishedStatus(m) ?? finalStatus;

            // A job that finished before Watch says so in the snapshot's first page; no Status message follows.
            if (IsPage(m, invocation) && m.GetProperty("item").GetProperty("job") is { ValueKind: JsonValueKind.Object } job
                && job.GetProperty("status").GetString() is { } s && Finished.Contains(s))
            {
                finalStatus ??= s;
            }
        }

        var completion = messages.Single(m => IsCompletion(m, invocation));
        Assert.False(completion.TryGetProperty("error", out var error), $"Watch failed: {error}");
        var pages = messages.Where(m => IsPage(m, invocation)).Select(m => m.GetProperty("item")).ToList();
        Assert.True(pages.Count > 0 && pages[0].GetProperty("job").ValueKind == JsonValueKind.Object, "the first page carries the job");
        Assert.All(pages.Skip(1), p => Assert.Equal(JsonValueKind.Null, p.GetProperty("job").ValueKind));
        var snapshot = pages.SelectMany(p => p.GetProperty("records").EnumerateArray()).Select(r => r.GetProperty("epoch").GetInt32()).ToList();
        var live = messages.Where(IsEpochs).SelectMany(m => m.GetProperty("arguments")[1].EnumerateArray()).Select(r => r.GetProperty("epoch").GetInt32());
        return new Seen([.. snapshot, .. live], snapshot.Count, finalStatus!, pages.Count);

        static bool IsPage(JsonElement m, string invocation) =>
            m.GetProperty("type").GetInt32() == 2 && m.GetProperty("invocationId").GetString() == invocation;

        static bool IsCompletion(JsonElement m, string invocation) =>
            m.GetProperty("type").GetInt32() == 3 && m.GetProperty("invocationId").GetString() == invocation;

        static string? FinishedStatus(JsonElement m) =>
            m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == "Status"
            && m.GetProperty("arguments")[0].GetProperty("status").GetString() is { } s && Finished.Contains(s) ? s : null;
    }

    internal sealed record Seen(List<int> Epochs, int SnapshotCount, string FinalStatus, int Pages);
}
