using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Server.Hubs;
using GradientWeb.Testing;
using Npgsql;

namespace GradientWeb.Server.Tests.Hubs;

/// <summary>
/// A job's end reaches its watchers on this node even when the node that ended it said nothing: it died between storing
/// the end and sending it (the clean-clone CI once killed a node in that instant, and the watcher on another node
/// waited for ever). Real PostgreSQL and Redis; the dead node is played by writing its last act into the job's row.
/// </summary>
public sealed class RemoteJobEndsTests : IDisposable
{
    private readonly PostgresTestApp _node = new(null, new Dictionary<string, string?>
    {
        ["SignalR:Redis"] = RedisServer.Shared.ConnectionString,
        ["Storage:PollMilliseconds"] = "100",
        ["Training:MaxConcurrentJobs"] = "1",
        ["Training:MaxEpochs"] = "10000000",
        ["Limits:MaxStoredValues"] = "20000",
    });

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_job_another_node_ended_without_a_word_is_announced_to_the_watchers_here_once()
    {
        var http = _node.CreateClient();
        // This node's one worker is busy, so the next job waits in the shared queue, as if for another node.
        var busy = await http.StartJobAsync(Fit(5_000_000));
        await http.WaitForJobAsync(busy, s => s == "running");
        var id = await http.StartJobAsync(Fit(10));

        await using var watcher = await RawSignalRClient.ConnectAsync(_node.Server);
        var invocation = await watcher.StreamAsync("Watch", id);
        string? snapshotStatus = null;
        while (true)
        {
            var m = await watcher.NextAsync(TimeSpan.FromSeconds(30));
            if (m.GetProperty("type").GetInt32() == 2 && m.GetProperty("item").GetProperty("job").ValueKind == JsonValueKind.Object)
            {
                snapshotStatus = m.GetProperty("item").GetProperty("job").GetProperty("status").GetString();
            }

            if (m.GetProperty("type").GetInt32() == 3 && m.GetProperty("invocationId").GetString() == invocation)
            {
                break;
            }
        }

        Assert.Equal("queued", snapshotStatus);

        // Another node claims it, cannot prepare it, stores it failed, and dies before telling anyone.
        await using (var connection = new NpgsqlConnection(_node.ConnectionString))
        {
            await connection.OpenAsync();
            await using var fail = new NpgsqlCommand(
                $"""
                UPDATE jobs SET status = 'failed', lease_owner = 'a-node-that-died', attempt = attempt + 1,
                    error = 'Node a-node-that-died could not prepare the job.', finished_at = '{DateTimeOffset.UtcNow:O}'
                WHERE id = '{id}'
                """,
                connection);
            Assert.Equal(1, await fail.ExecuteNonQueryAsync());
        }

        var stored = Stopwatch.StartNew();
        var statuses = new List<JsonElement>();
        TimeSpan? first = null;
        // Until the end is told and a few polls more (it must not come again), or long past the grace.
        while (stored.Elapsed < (first + TimeSpan.FromSeconds(2) ?? RemoteJobEnds.Grace + TimeSpan.FromSeconds(20)))
        {
            try
            {
                var m = await watcher.NextAsync(TimeSpan.FromSeconds(0.5));
                if (m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == "Status"
                    && m.GetProperty("arguments")[0].GetProperty("id").GetString() == id)
                {
                    statuses.Add(m.GetProperty("arguments")[0].Clone());
                    first ??= stored.Elapsed;
                }
            }
            catch (OperationCanceledException)
            {
                // Nothing in this half second.
            }
        }

        var told = Assert.Single(statuses);
        Assert.Equal("failed", told.GetProperty("status").GetString());
        Assert.Contains("could not prepare", told.GetProperty("error").GetString());
        // Not before the grace its own node had to say it.
        Assert.True(first >= RemoteJobEnds.Grace, $"told after {first?.TotalSeconds:F1} s");
        await http.DeleteAsync($"/jobs/{busy}");
    }

    private static string Fit(int epochs) =>
        $$"""{ "dataset": { "name": "icecream" }, "lr": 0.00001, "epochs": {{epochs}}, "init": { "weights": [-5, 10] } }""";
}
