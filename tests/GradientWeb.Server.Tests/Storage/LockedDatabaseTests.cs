using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;
using Microsoft.Data.Sqlite;

namespace GradientWeb.Server.Tests.Storage;

/// <summary>
/// Issue 16, finding 8: with another process holding the SQLite file's write lock, writes answer 503 with
/// Retry-After within a few seconds (not a 30 s hang and a 500), and /readyz says storage cannot be written.
/// </summary>
public sealed class LockedDatabaseTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Job = """{ "dataset": { "name": "icecream" }, "lr": 0.001, "epochs": 3 }""";

    [Fact]
    public async Task Writes_to_a_locked_database_are_503s_with_retry_after_and_readiness_says_so()
    {
        var client = app.CreateClient();
        var finished = await client.StartJobAndWaitAsync(Job);
        Assert.Equal("Healthy", await (await client.GetAsync("/readyz")).Content.ReadAsStringAsync());

        // What another process does: its own connection (no pool shared with the server) holding a write transaction.
        using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = app.DatabasePath, Pooling = false }.ToString()))
        {
            other.Open();
            using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE; INSERT INTO sweeps (id, created_at, request, members) VALUES ('lock', '', '{}', '[]');";
            hold.ExecuteNonQuery();

            foreach (var send in new Func<Task<HttpResponseMessage>>[]
            {
                () => client.PostAsync("/train", new StringContent(Job, Encoding.UTF8, "application/json")),
                () => client.PostAsync("/datasets?name=locked", new StringContent("x,y\n1,2\n2,3\n", Encoding.UTF8, "text/csv")),
                () => client.DeleteAsync($"/jobs/{finished}?purge=true"),
            })
            {
                var clock = Stopwatch.StartNew();
                var response = await send();
                clock.Stop();
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {text}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed.TotalSeconds:F1} s");
            }

            var ready = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());

            using var release = other.CreateCommand();
            release.CommandText = "ROLLBACK;";
            release.ExecuteNonQuery();
        }

        // Nothing was half stored, and once the lock is gone everything works again.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/jobs/{finished}")).StatusCode);
        var sets = await client.GetFromJsonAsync<JsonElement>("/datasets");
        Assert.DoesNotContain(sets.EnumerateArray(), s => s.GetProperty("name").GetString() == "locked");
        Assert.Equal("Healthy", await (await client.GetAsync("/readyz")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/train", new StringContent(Job, Encoding.UTF8, "application/json"))).StatusCode);
    }
}
