using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Setup;

public sealed class LimitsAndHeadersTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task The_page_and_api_carry_security_headers_and_a_strict_csp()
    {
        var page = await _client.GetAsync("/");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.True((await _client.GetAsync("/jobs")).Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task Cors_is_closed_by_default()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/train");
        request.Headers.Add("Origin", "https://elsewhere.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        var response = await _client.SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Liveness_and_readiness_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
        var ready = await _client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{ "dataset": { "name": "dnnex0" }, "model": { "type": "mlp", "layers": [{ "linear": 1024 }, "relu", { "linear": 1024 }, "relu", { "linear": 1 }] }, "lr": 0.1, "epochs": 3, "init": { "seed": 1 } }""", "model.layers")]
    [InlineData("""{ "dataset": { "name": "dnnex0" }, "model": { "type": "mlp", "layers": [{ "linear": 1000 }, "relu", { "linear": 1000 }, "relu", { "linear": 1 }] }, "lr": 0.1, "epochs": 3, "init": { "seed": 1 } }""", "model.layers")]
    [InlineData("""{ "dataset": { "name": "logistic" }, "lr": 0.1, "epochs": 100000, "model": { "type": "mlp", "layers": [{ "linear": 1 }] }, "init": { "seed": 1 }, "preprocess": "none" }""", "epochs")]
    public async Task Jobs_too_big_for_the_server_are_refused_before_anything_is_built(string body, string field)
    {
        var limited = app.WithWebHostBuilder(b => b.UseSetting("Limits:MaxEpochRows", "100000000"));
        var response = await limited.CreateClient().PostAsync("/train", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem()
    {
        var limited = app.WithWebHostBuilder(b => b.UseSetting("Limits:MaxRequestBytes", "2048"));
        var body = $$"""{ "dataset": { "x": [{{string.Join(",", Enumerable.Range(0, 1000))}}], "y": [1] }, "lr": 0.1, "epochs": 1 }""";
        var response = await limited.CreateClient().PostAsync("/train", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_rate_limiter_answers_429_with_retry_after_once_a_client_has_used_its_burst()
    {
        var limited = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Limits:CreateBurst", "3");
            b.UseSetting("Limits:CreatePerMinute", "6");
        });
        var client = limited.CreateClient();
        const string body = """{ "dataset": { "name": "icecream" }, "lr": 0.001, "epochs": 1 }""";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostAsync("/train", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var refused = await client.PostAsync("/train", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // Reading is never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/jobs")).StatusCode);
    }
}
