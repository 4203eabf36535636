using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GradientWeb.Server.Tests.Storage;

/// <summary>
/// Issue 16: each job's storage is capped, and no stream of requests fills the disk either: while the volume would
/// keep less than Storage:MinFreeMegabytes, new jobs, sweeps, restarts and uploads are a 507 in plain words and
/// nothing of them is stored; what was stored stays.
/// </summary>
public sealed class DiskRoomTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Job = """{ "dataset": { "name": "icecream" }, "lr": 0.001, "epochs": 3 }""";
    private const string Long = """{ "dataset": { "name": "icecream" }, "lr": 0.0001, "epochs": 100000 }""";

    [Fact]
    public async Task A_disk_without_room_refuses_new_jobs_sweeps_restarts_and_uploads_with_507_and_stores_nothing()
    {
        var client = app.CreateClient();
        var finished = await client.StartJobAndWaitAsync(Job);
        var cancelled = await client.StartJobAsync(Long);
        await client.DeleteAsync($"/jobs/{cancelled}");
        await client.WaitForJobAsync(cancelled, s => s == "cancelled");
        var jobsBefore = (await client.GetFromJsonAsync<JsonElement>("/jobs?limit=500")).GetArrayLength();

        // More kept free than any disk has: everything new is refused.
        var full = app.WithWebHostBuilder(b => b.UseSetting("Storage:MinFreeMegabytes", "100000000")).CreateClient();
        foreach (var send in new Func<Task<HttpResponseMessage>>[]
        {
            () => full.PostAsync("/train", new StringContent(Job, Encoding.UTF8, "application/json")),
            () => full.PostAsync("/sweeps", new StringContent($$"""{ "base": {{Job}}, "vary": { "lr": [0.001, 0.01] } }""", Encoding.UTF8, "application/json")),
            () => full.PostAsync($"/jobs/{cancelled}/restart", null),
            () => full.PostAsync("/datasets?name=no-room", new StringContent("x,y\n1,2\n2,3\n", Encoding.UTF8, "text/csv")),
        })
        {
            var response = await send();
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.InsufficientStorage, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("disk is nearly full", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        }

        // Nothing new was stored; the cancelled job is still as it was (restartable), the finished one whole.
        Assert.Equal(jobsBefore, (await client.GetFromJsonAsync<JsonElement>("/jobs?limit=500")).GetArrayLength());
        Assert.Equal("cancelled", (await client.GetFromJsonAsync<JsonElement>($"/jobs/{cancelled}")).GetProperty("status").GetString());
        Assert.Equal(4, (await client.GetFromJsonAsync<JsonElement>($"/jobs/{finished}/history")).GetProperty("records").GetArrayLength());
        var sets = await client.GetFromJsonAsync<JsonElement>("/datasets");
        Assert.DoesNotContain(sets.EnumerateArray(), s => s.GetProperty("name").GetString() == "no-room");

        // With the default reserve this machine has room: the same requests go through.
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/train", new StringContent(Job, Encoding.UTF8, "application/json"))).StatusCode);
    }
}
