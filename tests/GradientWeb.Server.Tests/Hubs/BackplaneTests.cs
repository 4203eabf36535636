using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Server.Storage;
using GradientWeb.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GradientWeb.Server.Tests.Hubs;

/// <summary>
/// Two nodes on one PostgreSQL and one Redis (real servers the tests start): a watcher connected to node A gets every
/// record of a job trained on node B once and in order — the snapshot from storage, then live records through the
/// Redis backplane, the overlap dropped by epoch as the page drops it.
/// </summary>
public sealed class BackplaneTests : IDisposable
{
    private readonly PostgresTestApp _trainer;
    private readonly PostgresTestApp _other;

    public BackplaneTests()
    {
        var redis = new Dictionary<string, string?> { ["SignalR:Redis"] = RedisServer.Shared.ConnectionString };
        _trainer = new PostgresTestApp(null, redis);
        _other = new PostgresTestApp(_trainer.ConnectionString, redis);

        // Both nodes up before any job exists (a node starting marks jobs it finds running as interrupted).
        _ = _trainer.Server;
        _ = _other.Server;
    }

    public void Dispose()
    {
        _other.Dispose();
        _trainer.Dispose();
    }

    [Fact]
    public async Task A_watcher_on_another_node_gets_every_record_of_a_job_from_the_start_once_in_order()
    {
        await using var watcher = await RawSignalRClient.ConnectAsync(_other.Server);
        var id = await StartOnTrainer(epochs: 3000);
        var seen = await WatchToTheEnd(watcher, id);

        Assert.Equal("completed", seen.Status);
        Assert.Equal(Enumerable.Range(0, 3001), seen.Epochs);
    }

    [Fact]
    public async Task A_watcher_on_another_node_that_joins_mid_run_misses_nothing_and_sees_nothing_twice()
    {
        var id = await StartOnTrainer(epochs: 20000);
        using (var http = _other.CreateClient())
        {
            while ((await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}")).GetProperty("status").GetString() == "queued")
            {
                await Task.Delay(20);
            }
        }

        // Either node may have claimed it from the shared queue: the watcher joins the one that does not train it,
        // once that node reads stored records from the database (the training node's own epochsDone is its memory's,
        // ahead of what is stored: a watcher joining then got every record live and an empty snapshot, rightly).
        var node = await NotTraining(id);
        using (var stored = node.CreateClient())
        {
            while ((await stored.GetFromJsonAsync<JsonElement>($"/jobs/{id}")).GetProperty("epochsDone").GetInt32() < 50)
            {
                await Task.Delay(20);
            }
        }

        await using var watcher = await RawSignalRClient.ConnectAsync(node.Server);
        var seen = await WatchToTheEnd(watcher, id);

        Assert.True(seen.SnapshotCount is > 0 and < 20001, $"the watcher should join mid-run; its snapshot had {seen.SnapshotCount} records");
        Assert.True(seen.LiveCount > 0, "records should also arrive live, through Redis");
        Assert.Equal("completed", seen.Status);
        Assert.Equal(Enumerable.Range(0, 20001), seen.Epochs);
    }

    [Fact]
    public async Task A_watcher_on_another_node_of_a_finished_job_gets_its_whole_history_from_storage()
    {
        var id = await StartOnTrainer(epochs: 300);
        using var http = _other.CreateClient();
        while ((await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}")).GetProperty("status").GetString() is "queued" or "running")
        {
            await Task.Delay(20);
        }

        await using var watcher = await RawSignalRClient.ConnectAsync(_other.Server);
        var seen = await WatchToTheEnd(watcher, id);
        Assert.Equal("completed", seen.Status);
        Assert.Equal(Enumerable.Range(0, 301), seen.Epochs);
    }

    private async Task<PostgresTestApp> NotTraining(string id)
    {
        await using var connection = new NpgsqlConnection(_trainer.ConnectionString);
        await connection.OpenAsync();
        await using var owner = new NpgsqlCommand($"SELECT lease_owner FROM jobs WHERE id = '{id}'", connection);
        var node = (string)(await owner.ExecuteScalarAsync())!;
        return node == _trainer.Services.GetRequiredService<JobLeases>().NodeId ? _other : _trainer;
    }

    private async Task<string> StartOnTrainer(int epochs)
    {
        // 20 000 rows: slow enough that a 20 000-epoch job is still running when a watcher joins.
        var x = string.Join(',', Enumerable.Range(0, 20_000).Select(i => (i / 10_000.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var y = string.Join(',', Enumerable.Range(0, 20_000).Select(i => (1 + (2 * i / 10_000.0)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        using var http = _trainer.CreateClient();
        var response = await http.PostAsync("/train", new StringContent(
            $$"""{ "dataset": { "x": [{{x}}], "y": [{{y}}] }, "loss": "mse", "lr": 0.01, "epochs": {{epochs}} }""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Reads the snapshot stream and the live messages until the job's final status, then keeps records as the page
    /// does (client/src/state/runState.ts): one already held is skipped, one past a gap fails the test.
    /// </summary>
    private static async Task<Seen> WatchToTheEnd(RawSignalRClient client, string id)
    {
        var invocation = await client.StreamAsync("Watch", id);
        var snapshot = new List<JsonElement>();
        var live = new List<JsonElement>();
        string? status = null;
        var streamDone = false;
        while (!streamDone || status is null or "queued" or "running")
        {
            var m = await client.NextAsync(TimeSpan.FromSeconds(60));
            var type = m.GetProperty("type").GetInt32();
            if (type == 2 && m.GetProperty("invocationId").GetString() == invocation)
            {
                var page = m.GetProperty("item");
                if (page.GetProperty("job").ValueKind == JsonValueKind.Object)
                {
                    status ??= page.GetProperty("job").GetProperty("status").GetString();
                }

                snapshot.AddRange(page.GetProperty("records").EnumerateArray());
            }
            else if (type == 3 && m.GetProperty("invocationId").GetString() == invocation)
            {
                Assert.False(m.TryGetProperty("error", out var error), $"Watch failed: {error}");
                streamDone = true;
            }
            else if (type == 1 && m.GetProperty("target").GetString() == "Epochs" && m.GetProperty("arguments")[0].GetString() == id)
            {
                live.AddRange(m.GetProperty("arguments")[1].EnumerateArray());
            }
            else if (type == 1 && m.GetProperty("target").GetString() == "Status")
            {
                status = m.GetProperty("arguments")[0].GetProperty("status").GetString();
            }
        }

        var epochs = new List<int>();
        foreach (var epoch in snapshot.Concat(live).Select(r => r.GetProperty("epoch").GetInt32()))
        {
            if (epoch < epochs.Count)
            {
                continue;
            }

            Assert.True(epoch == epochs.Count, $"a gap: epoch {epoch} after {epochs.Count - 1}");
            epochs.Add(epoch);
        }

        return new Seen(epochs, snapshot.Count, live.Count, status!);
    }

    private sealed record Seen(List<int> Epochs, int SnapshotCount, int LiveCount, string Status);
}
