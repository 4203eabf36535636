using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Storage;

/// <summary>
/// Issue 16: a PostgreSQL that goes down answers 503 with Retry-After, as a locked SQLite does, never a 500; once it
/// is back, a job that ran through the outage ends with its whole history or fails with the reason, nothing half stored.
/// </summary>
public sealed class PostgresDownTests : IDisposable
{
    private const string Job = """{ "dataset": { "name": "icecream" }, "lr": 0.0001, "epochs": 30000, "init": { "weights": [-5, 10] } }""";

    private readonly PostgresServer _server = PostgresServer.StartPrivate();
    private readonly PostgresTestApp _app;

    public PostgresDownTests() => _app = new PostgresTestApp(_server.NewDatabase(), null);

    public void Dispose()
    {
        _app.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Requests_while_postgresql_is_down_get_a_503_with_retry_after_and_a_job_running_through_it_ends_whole()
    {
        var client = _app.CreateClient();
        var id = await client.StartJobAsync(Job);
        await client.WaitForJobAsync(id, s => s == "running", j => j.GetProperty("epochsDone").GetInt32() > 0);

        _server.Pause();
        try
        {
            // The running job's records that are still in memory (not yet stored, or not yet sent) are served without
            // the database: its history is either those, whole, or the same 503.
            var early = await client.GetAsync($"/jobs/{id}/history?from=0&to=5");
            if (early.StatusCode == HttpStatusCode.OK)
            {
                var held = await early.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal([0, 1, 2, 3, 4], held.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32()));
            }

            foreach (var response in new[]
            {
                await client.PostAsync("/train", new StringContent(Job, Encoding.UTF8, "application/json")),
                await client.GetAsync("/jobs"),
                early.StatusCode == HttpStatusCode.OK ? null : early,
            }.OfType<HttpResponseMessage>())
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {text}");
                Assert.Equal("5", response.Headers.RetryAfter?.ToString());
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        finally
        {
            _server.Resume();
        }

        // Back: the job that ran through the outage ends, and what it stored is whole (every epoch once, in order).
        var job = await client.WaitForJobAsync(id, s => s is not ("queued" or "running"), seconds: 300);
        var history = await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history");
        var epochs = history.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(0, epochs.Count), epochs);
        var status = job.GetProperty("status").GetString();
        Assert.True(status is "completed" or "failed", $"ended {status}");
        if (status == "completed")
        {
            Assert.Equal(30001, epochs.Count);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(job.GetProperty("error").GetString()));
        }

        // And new work is accepted again.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/jobs")).StatusCode);
    }
}
