using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Fuzz;

/// <summary>
/// Thousands of generated malformed and hostile bodies (seeded, so a failure replays): never a 5xx, every refusal
/// a problem+json, and exactly as many stored objects as accepted requests.
/// </summary>
public sealed class HostileInputTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly string[] Templates =
    [
        """{ "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse", "optimizer": { "type": "sgd", "momentum": 0.9 }, "lr": 0.001, "epochs": 5, "init": { "weights": [-5, 10] } }""",
        """{ "dataset": { "x": [[1, 2], [3, 4], [5, 6]], "y": [0, 1, 1] }, "model": { "type": "logistic" }, "loss": "bce", "optimizer": { "type": "adam", "betas": [0.9, 0.999] }, "lr": 0.1, "epochs": 5 }""",
        """{ "dataset": { "name": "dnnex0" }, "model": { "type": "mlp", "layers": [{ "linear": 2 }, "relu", { "linear": 1 }, "sigmoid"] }, "loss": "bce", "lr": 0.1, "epochs": 3, "init": { "seed": 43052 }, "preprocess": "center" }""",
        """{ "model": { "type": "function", "expression": "3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10" }, "optimizer": { "type": "rmsprop", "centered": true }, "lr": 0.05, "epochs": 5, "init": { "weights": [4, 4] } }""",
        """{ "dataset": { "generate": "moons", "n": 50, "noise": 0.1, "seed": 7 }, "model": { "type": "logistic" }, "loss": "bce", "optimizer": { "type": "adagrad", "lrDecay": 0.01 }, "lr": 0.5, "epochs": 5 }""",
    ];

    private static readonly Func<Random, JsonNode?>[] HostileValues =
    [
        _ => null,
        _ => JsonValue.Create(true),
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(-1e308),
        _ => JsonValue.Create(-0.0),
        _ => JsonValue.Create(long.MaxValue),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(0),
        _ => JsonValue.Create("NaN"),
        _ => JsonValue.Create("Infinity"),
        _ => JsonValue.Create("-Infinity"),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create("\u0000\u202e𝔘𝔫𝔦𝔠𝔬𝔡𝔢\ud7ff"),
        _ => JsonValue.Create(new string('9', 5000)),
        _ => JsonValue.Create("exp(" + new string('(', 200) + "u" + new string(')', 200) + ")"),
        _ => JsonValue.Create("__import__('os').system('id')"),
        _ => new JsonArray(),
        _ => new JsonObject(),
        r => new JsonArray([.. Enumerable.Range(0, r.Next(1, 20000)).Select(i => (JsonNode?)JsonValue.Create(i % 7))]),
        r => Nest(r.Next(20, 80)),
        r => new JsonArray(JsonValue.Create(r.NextDouble()), JsonValue.Create("x"), null),
        r => JsonValue.Create(r.Next(-1000, 1_000_000_000)),
        r => JsonValue.Create(r.NextDouble() * 1e-40),
    ];

    [Fact]
    public async Task Thousands_of_hostile_train_bodies_never_get_a_5xx_or_leave_garbage()
    {
        var client = app.CreateClient();
        var random = new Random(20261123);
        var before = await CountJobs(client);
        var accepted = 0;
        for (var i = 0; i < 2500; i++)
        {
            var (body, contentType) = Mutate(random, Templates[random.Next(Templates.Length)]);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            var response = await client.PostAsync("/train", content);
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"case {i}: {status} for {Show(body)}: {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted++;
                var job = await response.Content.ReadFromJsonAsync<JsonElement>();
                await client.DeleteAsync($"/jobs/{job.GetProperty("id").GetString()}"); // keep the workers free
            }
            else
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(before + accepted, await CountJobs(client));
        Assert.InRange(accepted, 1, 2000); // the mutations are mostly refused, but some survive as valid jobs
    }

    [Fact]
    public async Task Hostile_sweeps_never_get_a_5xx_or_start_a_partial_sweep()
    {
        var client = app.CreateClient();
        var random = new Random(11);
        var before = await CountJobs(client);
        var started = 0;
        for (var i = 0; i < 800; i++)
        {
            var baseBody = Templates[random.Next(Templates.Length)];
            var template = $$"""{ "base": {{baseBody}}, "vary": { "lr": [0.001, 0.01], "optimizer.momentum": [0, 0.5] } }""";
            var (body, contentType) = Mutate(random, template);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            var response = await client.PostAsync("/sweeps", content);
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"case {i}: {status} for {Show(body)}: {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                foreach (var member in (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").EnumerateArray())
                {
                    started++;
                    await client.DeleteAsync($"/jobs/{member.GetProperty("jobId").GetString()}");
                }
            }
            else
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(before + started, await CountJobs(client));
    }

    [Fact]
    public async Task Hostile_csv_uploads_never_get_a_5xx_and_a_refusal_stores_nothing()
    {
        var client = app.CreateClient();
        var random = new Random(7);
        var before = (await client.GetFromJsonAsync<JsonElement>("/datasets")).GetArrayLength();
        var created = 0;
        for (var i = 0; i < 500; i++)
        {
            var csv = HostileCsv(random);
            var response = await client.PostAsync($"/datasets?name=fuzz{i}", new ByteArrayContent(csv) { Headers = { ContentType = new("text/csv") } });
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"case {i}: {status} for {Show(csv)}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created++;
            }
            else
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(before + created, (await client.GetFromJsonAsync<JsonElement>("/datasets")).GetArrayLength());
        Assert.InRange(created, 1, 499);
    }

    private static (byte[] Body, string ContentType) Mutate(Random r, string template)
    {
        var text = template;
        var node = JsonNode.Parse(template)!;
        switch (r.Next(10))
        {
            case < 5:
                for (var k = r.Next(1, 4); k > 0; k--)
                {
                    ReplaceRandom(r, node);
                }

                text = node.ToJsonString();
                break;
            case 5:
                RemoveRandom(r, node);
                text = node.ToJsonString();
                break;
            case 6:
                node.AsObject()[$"extra{r.Next(10)}"] = HostileValues[r.Next(HostileValues.Length)](r);
                text = node.ToJsonString();
                break;
            case 7:
                text = template[..r.Next(template.Length)];
                break;
            case 8:
                var bytes = new byte[r.Next(0, 300)];
                r.NextBytes(bytes);
                return (bytes, r.Next(2) == 0 ? "application/json" : "application/octet-stream");
            default:
                text = template.Replace("\"lr\"", "\"lr\": 1, \"lr\"", StringComparison.Ordinal).Replace(":", r.Next(2) == 0 ? "::" : ":", StringComparison.Ordinal);
                break;
        }

        return (Encoding.UTF8.GetBytes(text), "application/json");
    }

    private static void ReplaceRandom(Random r, JsonNode root)
    {
        var (parent, key) = PickSlot(r, root);
        var value = HostileValues[r.Next(HostileValues.Length)](r);
        switch (parent)
        {
            case JsonObject o:
                o[(string)key] = value;
                break;
            case JsonArray a:
                a[(int)key] = value;
                break;
        }
    }

    private static void RemoveRandom(Random r, JsonNode root)
    {
        var (parent, key) = PickSlot(r, root);
        switch (parent)
        {
            case JsonObject o:
                o.Remove((string)key);
                break;
            case JsonArray a when a.Count > 0:
                a.RemoveAt((int)key);
                break;
        }
    }

    // A random (container, key) anywhere in the tree.
    private static (JsonNode Parent, object Key) PickSlot(Random r, JsonNode root)
    {
        var slots = new List<(JsonNode, object)>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (k, v) in o.ToList())
                    {
                        slots.Add((o, k));
                        Walk(v);
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        slots.Add((a, i));
                        Walk(a[i]);
                    }

                    break;
            }
        }

        Walk(root);
        return slots[r.Next(slots.Count)];
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = new JsonArray(JsonValue.Create(1));
        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static byte[] HostileCsv(Random r)
    {
        var rows = new StringBuilder();
        var separator = new[] { ",", ";", "\t", "|" }[r.Next(4)];
        var columns = r.Next(0, 5);
        if (r.Next(2) == 0)
        {
            rows.AppendLine(string.Join(separator, Enumerable.Range(0, columns).Select(j => r.Next(5) == 0 ? "\"q\"\"uote\"" : $"c{j}")));
        }

        for (var i = r.Next(0, 30); i > 0; i--)
        {
            var width = r.Next(6) == 0 ? r.Next(0, 6) : columns;
            rows.AppendLine(string.Join(separator, Enumerable.Range(0, width).Select(_ => r.Next(12) switch
            {
                0 => "NaN",
                1 => "1e400",
                2 => "\"unterminated",
                3 => "",
                4 => "１２",
                5 => "0x1F",
                6 => "1,5",
                _ => (r.NextDouble() * 200 - 100).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            })));
        }

        var bytes = Encoding.UTF8.GetBytes(rows.ToString());
        if (r.Next(8) == 0)
        {
            bytes = bytes[..r.Next(bytes.Length + 1)];
        }

        if (r.Next(10) == 0)
        {
            r.NextBytes(bytes);
        }

        return bytes;
    }

    private static async Task<int> CountJobs(HttpClient client)
    {
        var total = 0;
        for (var offset = 0; ; offset += 500)
        {
            var page = (await client.GetFromJsonAsync<JsonElement>($"/jobs?limit=500&offset={offset}")).GetArrayLength();
            total += page;
            if (page < 500)
            {
                return total;
            }
        }
    }

    private static string Show(byte[] body) => Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
}
