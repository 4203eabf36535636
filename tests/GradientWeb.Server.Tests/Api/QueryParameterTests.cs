using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

/// <summary>
/// Issue 16, finding 5: every query parameter's error names it in <c>errors</c>; numbers are read with the invariant
/// culture only (a comma is an error, not a thousands separator) and within float32's range.
/// </summary>
public sealed class QueryParameterTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("history?from=abc", "from")]
    [InlineData("history?to=1.5", "to")]
    [InlineData("predictions?epoch=1.5", "epoch")]
    [InlineData("landscape?size=1e3", "size")]
    [InlineData("landscape?aMin=1,000&aMax=2000", "aMin")]
    [InlineData("landscape?aMin=-1e308&aMax=1e308", "aMin")]
    [InlineData("landscape?aMin=-1e308&aMax=1e308", "aMax")]
    [InlineData("landscape?aMin=NaN&aMax=1", "aMin")]
    [InlineData("gridsearch?tolerance=1,5", "tolerance")]
    [InlineData("gridsearch?tolerance=Infinity", "tolerance")]
    [InlineData("history.json?yhat=1", "yhat")]
    [InlineData("boundary?size=ten", "size")]
    [InlineData("history?from=1&from=2", "from")]
    public async Task A_bad_query_parameter_of_a_job_is_a_400_naming_it(string query, string parameter)
    {
        var id = await Job();
        await AssertNames(await _client.GetAsync($"/jobs/{id}/{query}"), parameter);
    }

    [Fact]
    public async Task Purge_must_be_true_or_false_and_jobs_paging_must_be_whole_numbers()
    {
        var id = await Job();
        await AssertNames(await _client.DeleteAsync($"/jobs/{id}?purge=yes"), "purge");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/jobs/{id}")).StatusCode);
        await AssertNames(await _client.GetAsync("/jobs?limit=abc"), "limit");
        await AssertNames(await _client.GetAsync("/jobs?offset=1,000"), "offset");
        await AssertNames(await _client.GetAsync("/sweeps/x/history.json?yhat=yes"), "yhat");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("501")]
    [InlineData("100000")]
    public async Task A_jobs_limit_outside_1_to_500_is_refused_naming_limit_not_clamped(string limit)
    {
        var response = await _client.GetAsync($"/jobs?limit={limit}");
        await AssertNames(response, "limit");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/jobs?limit=500")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/jobs?limit=1")).StatusCode);
    }

    [Fact]
    public async Task The_document_states_the_range_of_the_jobs_limit()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var limit = document.GetProperty("paths").GetProperty("/jobs").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit").GetProperty("schema");
        Assert.Equal(1, limit.GetProperty("minimum").GetDouble());
        Assert.Equal(500, limit.GetProperty("maximum").GetDouble());
    }

    [Fact]
    public async Task Good_values_are_still_read_in_the_invariant_culture()
    {
        var id = await Job();
        var landscape = await _client.GetAsync($"/jobs/{id}/landscape?aMin=-1.5e1&aMax=10.25&bMin=-10&bMax=10&size=5");
        Assert.Equal(HttpStatusCode.OK, landscape.StatusCode);
        var body = await landscape.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(-15, body.GetProperty("a").GetProperty("values")[0].GetDouble(), 3);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/jobs/{id}/history?from=1&to=2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/jobs/{id}/history.json?yhat=TRUE")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/jobs/{id}/gridsearch?tolerance=0.5")).StatusCode);
    }

    private async Task<string> Job() =>
        await _client.StartJobAndWaitAsync("""{ "dataset": { "name": "icecream" }, "lr": 0.001, "epochs": 3, "init": { "weights": [-5, 10] } }""");

    private static async Task AssertNames(HttpResponseMessage response, string parameter)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out var messages), text);
        Assert.Contains(parameter, messages[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
    }
}
