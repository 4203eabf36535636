using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace GradientWeb.Testing;

/// <summary>Start a job over HTTP and wait for it, as a client of the API does.</summary>
public static class JobPolling
{
    /// <summary>POST /train; asserts 202 and returns the job id.</summary>
    public static async Task<string> StartJobAsync(this HttpClient client, string body)
    {
        var response = await client.PostAsync("/train", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Polls GET /jobs/{id} until its status (and <paramref name="also"/>) hold; the job as it then was.</summary>
    public static async Task<JsonElement> WaitForJobAsync(this HttpClient client, string id, Func<string, bool> status, Func<JsonElement, bool>? also = null, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
            if (status(job.GetProperty("status").GetString()!) && (also?.Invoke(job) ?? true))
            {
                return job;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Job {id} did not reach the expected state in {seconds} s.");
    }

    /// <summary>Starts a job and waits until it has finished, whichever way.</summary>
    public static async Task<string> StartJobAndWaitAsync(this HttpClient client, string body)
    {
        var id = await client.StartJobAsync(body);
        await client.WaitForJobAsync(id, s => s is not ("queued" or "running"));
        return id;
    }
}
