using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GradientWeb.Testing;
using Json.Schema;
using Microsoft.OpenApi;
using Xunit.Abstractions;

namespace GradientWeb.Server.Tests.Api;

/// <summary>
/// Issue 16: the OpenAPI document is exact. Requests are generated from the served <c>/swagger/v1/swagger.json</c>
/// (read with Microsoft.OpenApi): every operation with real and unknown ids, every query parameter with a value of
/// its schema's type and with one that is not, every request body from the document's own examples and in broken
/// forms, every write from a foreign origin. Each answer's status must be one the operation documents, its media type
/// one documented for that status, and a JSON body must validate (JsonSchema.Net, draft 2020-12) against that schema.
/// </summary>
public sealed class OpenApiConformanceTests(TestApp app, ITestOutputHelper output) : IClassFixture<TestApp>
{
    private const string Evil = "http://evil.example";

    [Fact]
    public async Task Every_generated_request_gets_an_answer_the_document_describes()
    {
        var client = app.CreateClient();
        var text = await client.GetStringAsync("/swagger/v1/swagger.json");
        var parsed = OpenApiDocument.Parse(text, "json");
        Assert.True(parsed.Diagnostic?.Errors.Count is null or 0, string.Join("\n", parsed.Diagnostic!.Errors.Select(e => e.ToString())));
        var document = JsonNode.Parse(text)!.AsObject();
        var contract = new ResponseContract(document);

        var fixtures = await Fixtures.CreateAsync(client);
        var requests = Generate(document, fixtures).ToList();
        Assert.True(requests.Count > 150, $"only {requests.Count} requests generated");

        var failures = new List<string>();
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var request in requests.OrderBy(r => r.Method == "DELETE" ? 1 : 0))
        {
            using var message = request.ToMessage();
            var response = await client.SendAsync(message);
            var problem = await contract.CheckAsync(request.Path, request.Method, response);
            var code = (int)response.StatusCode;
            statuses[$"{code}"] = statuses.GetValueOrDefault($"{code}") + 1;
            if (problem is not null)
            {
                failures.Add($"{request}: {problem}");
            }

            if (code >= 500)
            {
                failures.Add($"{request}: a {code}");
            }
        }

        output.WriteLine($"{requests.Count} requests; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key} × {s.Value}"))}");
        Assert.True(failures.Count == 0, $"{failures.Count} answers the document does not describe:\n{string.Join("\n", failures.Take(40))}");

        // The generated requests reached the answers that matter, not only 404s.
        foreach (var expected in new[] { "200", "201", "202", "204", "400", "403", "404", "409", "415" })
        {
            Assert.True(statuses.ContainsKey(expected), $"no generated request got a {expected}");
        }
    }

    [Fact]
    public async Task The_document_declares_bodies_media_types_nullability_and_non_finite_numbers()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();
        var upload = document["paths"]!["/datasets"]!["post"]!;
        Assert.NotNull(upload["requestBody"]!["content"]!["text/csv"]);
        Assert.Equal("binary", upload["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!["properties"]!["file"]!["format"]!.GetValue<string>());
        Assert.NotNull(upload["responses"]!["409"]);
        Assert.NotNull(document["paths"]!["/jobs/{id}/script.py"]!["get"]!["responses"]!["200"]!["content"]!["text/x-python"]);
        Assert.NotNull(document["paths"]!["/jobs/{id}/history.csv"]!["get"]!["responses"]!["200"]!["content"]!["text/csv"]);

        var job = document["components"]!["schemas"]!["JobResponse"]!["properties"]!;
        Assert.Contains("null", job["result"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("null", job["diagnostics"]!.ToJsonString(), StringComparison.Ordinal);
        var record = document["components"]!["schemas"]!["EpochRecordResponse"]!["properties"]!;
        Assert.Contains("Infinity", record["loss"]!.ToJsonString(), StringComparison.Ordinal);
        var seed = document["components"]!["schemas"]!["InitRequest"]!["properties"]!["seed"]!.ToJsonString();
        Assert.Contains("\"minimum\":0", seed, StringComparison.Ordinal);
    }

    private static IEnumerable<GeneratedRequest> Generate(JsonObject document, Fixtures fixtures)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operationNode) in item!.AsObject())
            {
                var operation = operationNode!.AsObject();
                var verb = method.ToUpperInvariant();
                var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                var query = parameters.Where(p => p["in"]!.GetValue<string>() == "query").ToList();
                var bodies = Bodies(operation).ToList();

                foreach (var (url, known) in new[] { (fixtures.Fill(path, known: true), true), (fixtures.Fill(path, known: false), false) })
                {
                    // Bare, then each query parameter alone with a good value and with a broken one.
                    var body = bodies.FirstOrDefault(b => b.Valid);
                    yield return new(verb, path, url, body);
                    if (!known)
                    {
                        continue;
                    }

                    foreach (var parameter in query)
                    {
                        var name = parameter["name"]!.GetValue<string>();
                        foreach (var value in Values(parameter["schema"]))
                        {
                            yield return new(verb, path, $"{url}?{name}={Uri.EscapeDataString(value)}", body);
                        }
                    }

                    foreach (var other in bodies.Where(b => b != body))
                    {
                        yield return new(verb, path, url, other);
                    }

                    if (verb is "POST" or "DELETE")
                    {
                        yield return new(verb, path, url, body, Evil);
                    }
                }
            }
        }
    }

    // A value of the parameter's type, and values that are not (a word, a decimal comma, beyond float32).
    private static IEnumerable<string> Values(JsonNode? schema)
    {
        var json = schema?.ToJsonString() ?? string.Empty;
        if (json.Contains("\"integer\"", StringComparison.Ordinal))
        {
            return ["1", "0", "abc", "1.5", "1e3", "1,000"];
        }

        if (json.Contains("\"number\"", StringComparison.Ordinal))
        {
            return ["0.5", "-2", "abc", "1,5", "-1e308", "NaN"];
        }

        if (json.Contains("\"boolean\"", StringComparison.Ordinal))
        {
            return ["true", "false", "1", "yes"];
        }

        return schema?["enum"] is JsonArray values ? [.. values.Select(v => v!.ToString()), "nonsense"] : ["completed", "x"];
    }

    // The document's own examples (valid), then what a careless or hostile client sends.
    private static IEnumerable<GeneratedBody> Bodies(JsonObject operation)
    {
        if (operation["requestBody"]?["content"] is not JsonObject content)
        {
            yield break;
        }

        foreach (var (mediaType, media) in content)
        {
            switch (mediaType)
            {
                case "application/json":
                    foreach (var example in Examples(media!.AsObject()))
                    {
                        yield return new(mediaType, example, Valid: true);
                    }

                    yield return new(mediaType, """{ "unknownField": 1 }""", Valid: false);
                    yield return new(mediaType, "[1, 2]", Valid: false);
                    yield return new(mediaType, """{ "lr": "fast" """, Valid: false);
                    yield return new("text/plain", "not json", Valid: false);
                    break;
                case "text/csv":
                    yield return new(mediaType, "x,y\n1,2\n2,3.5\n", Valid: true);
                    yield return new(mediaType, "x,y\n1,abc\n", Valid: false);
                    yield return new(mediaType, string.Empty, Valid: false);
                    break;
                case "multipart/form-data":
                    yield return new(mediaType, "x;y\n1;2\n2;4\n", Valid: true);
                    yield return new(mediaType, "x,y\n1,2\n2\n", Valid: false);
                    break;
            }
        }

        yield return new("application/xml", "<job/>", Valid: false);
    }

    private static IEnumerable<string> Examples(JsonObject media)
    {
        if (media["example"] is { } example)
        {
            yield return example.ToJsonString();
        }

        if (media["examples"] is JsonObject examples)
        {
            foreach (var (_, named) in examples.Take(3))
            {
                yield return named!["value"]!.ToJsonString();
            }
        }
    }

    private sealed record GeneratedBody(string MediaType, string Text, bool Valid);

    private sealed record GeneratedRequest(string Method, string Path, string Url, GeneratedBody? Body, string? Origin = null)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Url);
            if (Origin is not null)
            {
                message.Headers.Add("Origin", Origin);
            }

            message.Content = Body switch
            {
                null => null,
                { MediaType: "multipart/form-data" } => Multipart(Body.Text),
                _ => new StringContent(Body.Text, Encoding.UTF8, Body.MediaType),
            };
            return message;
        }

        public override string ToString() =>
            $"{Method} {Url}{(Body is null ? string.Empty : $" [{Body.MediaType}: {Body.Text[..Math.Min(60, Body.Text.Length)]}]")}{(Origin is null ? string.Empty : $" from {Origin}")}";

        private static MultipartFormDataContent Multipart(string csv)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            return new MultipartFormDataContent { { new StringContent("generated"), "name" }, { file, "file", "generated.csv" } };
        }
    }

    /// <summary>Real ids for path parameters: a finished job, a two-feature classifier, a sweep, an uploaded set.</summary>
    private sealed record Fixtures(string Job, string Sweep, string Dataset)
    {
        public static async Task<Fixtures> CreateAsync(HttpClient client)
        {
            var job = await client.StartJobAndWaitAsync("""{ "dataset": { "name": "icecream" }, "lr": 0.001, "epochs": 5, "init": { "weights": [-5, 10] } }""");
            var sweep = await client.PostAsync("/sweeps", new StringContent("""{ "base": { "dataset": { "name": "icecream" }, "epochs": 3 }, "vary": { "lr": [0.001, 0.002] } }""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, sweep.StatusCode);
            var upload = await client.PostAsync("/datasets?name=fixture", new StringContent("a,b\n1,2\n3,4\n", Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            return new(
                job,
                (await sweep.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!,
                (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dataset").GetProperty("id").GetString()!);
        }

        public string Fill(string path, bool known) => path
            .Replace("{id}", !known ? "000000000000000000000000" : path.StartsWith("/sweeps", StringComparison.Ordinal) ? Sweep : path.StartsWith("/datasets", StringComparison.Ordinal) ? Dataset : Job, StringComparison.Ordinal)
            .Replace("{epoch}", known ? "1" : "99999", StringComparison.Ordinal);
    }

    /// <summary>The document's responses as JSON Schema 2020-12 (OpenAPI 3.1's dialect), validated with JsonSchema.Net.</summary>
    private sealed class ResponseContract(JsonObject document)
    {
        private readonly JsonObject _components = document["components"]?["schemas"]?.AsObject() ?? [];
        private readonly Dictionary<string, JsonSchema> _schemas = [];

        public async Task<string?> CheckAsync(string path, string method, HttpResponseMessage response)
        {
            var responses = document["paths"]![path]![method.ToLowerInvariant()]!["responses"]!.AsObject();
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var body = await response.Content.ReadAsStringAsync();
            if (responses[status] is not JsonObject described)
            {
                return $"status {status} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))}); body {Cut(body)}";
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (described["content"] is not JsonObject content || content.Count == 0)
            {
                return body.Length == 0 ? null : $"status {status} documents no body, but {mediaType} came: {Cut(body)}";
            }

            if (mediaType is null || content[mediaType] is not JsonObject media)
            {
                return $"status {status} came as {mediaType ?? "no media type"}; documented: {string.Join(", ", content.Select(c => c.Key))}";
            }

            if (!mediaType.EndsWith("json", StringComparison.Ordinal) || media["schema"] is not JsonObject schema)
            {
                return null;
            }

            var key = $"{path} {method} {status} {mediaType}";
            if (!_schemas.TryGetValue(key, out var compiled))
            {
                compiled = _schemas[key] = Compile(schema, _schemas.Count);
            }

            using var instance = JsonDocument.Parse(body);
            var result = compiled.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            return result.IsValid ? null : $"the {status} body does not match its schema: {Errors(result)}; body {Cut(body)}";
        }

        // The response's schema as the root of a document whose $defs are the components; refs follow them there.
        private JsonSchema Compile(JsonObject schema, int n)
        {
            var root = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$defs"] = _components.DeepClone() };
            foreach (var (name, value) in schema)
            {
                root[name] = value?.DeepClone();
            }

            var text = root.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
            return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://gradientweb.test/response/{n}"));
        }

        // List output also carries the failed branches of an anyOf that passed as a whole: those are left out.
        private static string Errors(EvaluationResults result)
        {
            var failed = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).ToList();
            var real = failed.Where(d => !d.EvaluationPath.ToString().Contains("/anyOf/", StringComparison.Ordinal)).ToList();
            return string.Join("; ", (real.Count > 0 ? real : failed).Take(5)
                .Select(d => $"{d.InstanceLocation} ({d.EvaluationPath}): {string.Join(", ", d.Errors!.Values)}"));
        }

        private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
    }
}
