using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Setup;

/// <summary>
/// Issue 16, finding 4: a page on another site can submit a form (or open a WebSocket) to a server on the lecturer's
/// network; CORS never stops such "simple" requests. Writes and hub connections from a foreign Origin are 403.
/// </summary>
public sealed class OriginGuardTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Evil = "http://evil.example";
    private const string Job = """{ "dataset": { "name": "icecream" }, "lr": 0.001, "epochs": 3 }""";

    [Fact]
    public async Task A_multipart_upload_from_a_foreign_origin_is_a_403_problem_and_stores_nothing()
    {
        var client = app.CreateClient();
        var response = await client.SendAsync(Multipart(Evil, "from elsewhere"));
        await AssertForbidden(response);
        var sets = await client.GetFromJsonAsync<JsonElement>("/datasets");
        Assert.DoesNotContain(sets.EnumerateArray(), s => s.GetProperty("name").GetString() == "from elsewhere");
    }

    [Fact]
    public async Task Training_sweeps_restarts_and_deletes_from_a_foreign_origin_are_403()
    {
        var client = app.CreateClient();
        var id = await client.StartJobAndWaitAsync(Job);
        var sweep = $$"""{ "base": {{Job}}, "vary": { "lr": [0.001, 0.002] } }""";
        foreach (var request in new[]
        {
            Send(HttpMethod.Post, "/train", Evil, Job),
            Send(HttpMethod.Post, "/sweeps", Evil, sweep),
            Send(HttpMethod.Post, $"/jobs/{id}/restart", Evil),
            Send(HttpMethod.Delete, $"/jobs/{id}?purge=true", Evil),
            Send(HttpMethod.Delete, "/datasets/whatever", Evil),
            Send(HttpMethod.Post, "/datasets?name=x", "null", "x,y\n1,2\n2,3\n", "text/csv"),
        })
        {
            await AssertForbidden(await client.SendAsync(request));
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/jobs/{id}")).StatusCode); // not purged
    }

    [Fact]
    public async Task The_hub_refuses_a_websocket_upgrade_and_a_negotiate_from_a_foreign_origin()
    {
        var ws = app.Server.CreateWebSocketClient();
        ws.ConfigureRequest = r => r.Headers.Origin = Evil;
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ws.ConnectAsync(new Uri(app.Server.BaseAddress, "hubs/training"), CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        var client = app.CreateClient();
        await AssertForbidden(await client.SendAsync(Send(HttpMethod.Post, "/hubs/training/negotiate?negotiateVersion=1", Evil)));

        // The page's own origin connects.
        var own = app.Server.CreateWebSocketClient();
        own.ConfigureRequest = r => r.Headers.Origin = "http://localhost";
        using var socket = await own.ConnectAsync(new Uri(app.Server.BaseAddress, "hubs/training"), CancellationToken.None);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task The_same_origin_no_origin_and_listed_origins_keep_working()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Send(HttpMethod.Post, "/train", "http://localhost", Job))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Send(HttpMethod.Post, "/train", null, Job))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Multipart("http://localhost", "from here"))).StatusCode);

        // Reading from anywhere is unaffected (CORS decides what a foreign page may read).
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Send(HttpMethod.Get, "/jobs", Evil))).StatusCode);

        var listed = app.WithWebHostBuilder(b => b.UseSetting("Limits:CorsOrigins:0", "http://lecture.example:8080")).CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await listed.SendAsync(Send(HttpMethod.Post, "/train", "http://lecture.example:8080", Job))).StatusCode);
        await AssertForbidden(await listed.SendAsync(Send(HttpMethod.Post, "/train", "http://lecture.example:9090", Job)));
    }

    private static async Task AssertForbidden(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Limits:CorsOrigins", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Send(HttpMethod method, string url, string? origin, string? body = null, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }

        return request;
    }

    private static HttpRequestMessage Multipart(string origin, string name)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
        };
        var file = new ByteArrayContent("x,y\n1,2\n2,3\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "data.csv");
        var request = new HttpRequestMessage(HttpMethod.Post, "/datasets") { Content = form };
        request.Headers.Add("Origin", origin);
        return request;
    }
}
