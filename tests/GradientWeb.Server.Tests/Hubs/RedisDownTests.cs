using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Hubs;

/// <summary>
/// The Redis backplane goes away while a watched job trains (a real Redis of this test's own, killed and started
/// again): the job still ends whole, the node keeps training the next jobs, and once Redis is back a watcher gets the
/// job's every record and its end. A send the backplane refused once ended the job's feed with an exception that
/// took the worker, and so the node, down with it.
/// </summary>
public sealed class RedisDownTests : IDisposable
{
    private readonly RedisServer _redis = RedisServer.StartPrivate();
    private readonly PostgresTestApp _app;

    public RedisDownTests() => _app = new PostgresTestApp(null, new Dictionary<string, string?> { ["SignalR:Redis"] = _redis.ConnectionString });

    public void Dispose()
    {
        _app.Dispose();
        _redis.Stop();
    }

    [Fact]
    public async Task A_job_watched_while_redis_goes_down_ends_whole_and_the_node_trains_on()
    {
        using var http = _app.CreateClient();
        await using var watcher = await RawSignalRClient.ConnectAsync(_app.Server);
        var id = await Start(http, rows: 20_000, epochs: 4000);
        await watcher.StreamAsync("Watch", id);
        await Until(http, id, job => job.GetProperty("epochsDone").GetInt32() >= 50, "the job to run");

        _redis.Stop();
        var job = await Until(http, id, job => job.GetProperty("status").GetString() is not ("queued" or "running"), "the job to end");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(4000, job.GetProperty("epochsDone").GetInt32());

        // The worker lives: a job submitted while Redis is still down is trained too.
        var next = await Start(http, rows: 100, epochs: 200);
        var after = await Until(http, next, j => j.GetProperty("status").GetString() is not ("queued" or "running"), "the next job to end");
        Assert.Equal("completed", after.GetProperty("status").GetString());

        // Redis back: a new watcher gets the first job's whole history and its end.
        _redis.Restart();
        var epochs = await WatchWhole(id);
        Assert.Equal(Enumerable.Range(0, 4001), epochs);

        // And the watcher that was watching all along hears the end.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? heard = null;
        while (heard is null or "queued" or "running")
        {
            var m = await watcher.NextAsync(TimeSpan.FromSeconds(30) - clock.Elapsed);
            if (m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == "Status")
            {
                heard = m.GetProperty("arguments")[0].GetProperty("status").GetString();
            }
        }

        Assert.Equal("completed", heard);
    }

    private static async Task<string> Start(HttpClient http, int rows, int epochs)
    {
        var x = string.Join(',', Enumerable.Range(0, rows).Select(i => (i / (double)rows).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var y = string.Join(',', Enumerable.Range(0, rows).Select(i => (1 + (2.0 * i / rows)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var response = await http.PostAsync("/train", new StringContent(
            $$"""{ "dataset": { "x": [{{x}}], "y": [{{y}}] }, "loss": "mse", "lr": 0.01, "epochs": {{epochs}} }""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> Until(HttpClient http, string id, Func<JsonElement, bool> done, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var job = await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
            if (done(job))
            {
                return job;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"waited 120 s for {what}; the job says {job}");
            await Task.Delay(100);
        }
    }

    /// <summary>Watches the finished job from a new connection (retrying while the backplane reconnects): its epochs, with its end.</summary>
    private async Task<List<int>> WatchWhole(string id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var client = await RawSignalRClient.ConnectAsync(_app.Server);
            var invocation = await client.StreamAsync("Watch", id);
            var epochs = new List<int>();
            string? status = null;
            string? error = null;
            var streamDone = false;
            // The snapshot, then live records and the end (the feed may still be sending what Redis held up).
            while (!streamDone || (error is null && status is null or "queued" or "running"))
            {
                var m = await client.NextAsync(TimeSpan.FromSeconds(30));
                var type = m.GetProperty("type").GetInt32();
                if (type == 2 && m.GetProperty("invocationId").GetString() == invocation)
                {
                    var page = m.GetProperty("item");
                    if (page.GetProperty("job").ValueKind == JsonValueKind.Object)
                    {
                        status = page.GetProperty("job").GetProperty("status").GetString();
                    }

                    epochs.AddRange(page.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32()));
                }
                else if (type == 3 && m.GetProperty("invocationId").GetString() == invocation)
                {
                    error = m.TryGetProperty("error", out var e) ? e.GetString() : null;
                    streamDone = true;
                }
                else if (type == 1 && m.GetProperty("target").GetString() == "Epochs" && m.GetProperty("arguments")[0].GetString() == id)
                {
                    epochs.AddRange(m.GetProperty("arguments")[1].EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32()));
                }
                else if (type == 1 && m.GetProperty("target").GetString() == "Status")
                {
                    status = m.GetProperty("arguments")[0].GetProperty("status").GetString();
                }
            }

            if (error is null)
            {
                Assert.Equal("completed", status);
                // Kept as the page keeps them: a record already held (snapshot and live overlapping) once.
                return [.. epochs.Distinct().Order()];
            }

            // The backplane is still reconnecting (joining the job's group needs Redis): the page would retry too.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Watch still failed 60 s after Redis came back: {error}");
            await Task.Delay(500);
        }
    }
}
