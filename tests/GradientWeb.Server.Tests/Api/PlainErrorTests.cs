using System.Net;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Api;

/// <summary>Issue 16, finding 6: a 400 says what was expected in plain words, naming the field path; never a .NET type.</summary>
public sealed class PlainErrorTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Base = """ "dataset": { "name": "icecream" }, "lr": 0.1, "epochs": 3 """;

    [Theory]
    [InlineData("""{ BASE, "init": { "seed": "x" } }""", "init.seed", "whole number from 0")]
    [InlineData("""{ BASE, "optimizer": { "type": "sgd", "nesterov": "x" } }""", "optimizer.nesterov", "true or false")]
    [InlineData("""{ BASE, "init": { "weights": "abc" } }""", "init.weights", "a list of numbers")]
    [InlineData("""{ BASE, "init": { "weights": [1, "a"] } }""", "init.weights[1]", "a number")]
    [InlineData("""{ BASE, "learningRate": 0.1 }""", "learningRate", "'learningRate' is not a field")]
    [InlineData("""{ BASE, "model": { "type": "linear", "layer": [] } }""", "model.layer", "'layer' is not a field")]
    [InlineData("""{ BASE, "epochs": 1.5 }""", "epochs", "a whole number")]
    [InlineData("""{ BASE, "dataset": 3 }""", "dataset", "an object")]
    [InlineData("""{ BASE, "batch": { "size": 2, "shuffle": "no" } }""", "batch.shuffle", "true or false")]
    public async Task A_value_of_the_wrong_kind_is_named_in_plain_words(string body, string field, string words)
    {
        var text = await Refusal("/train", body.Replace("BASE", Base, StringComparison.Ordinal));
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), text);
        Assert.Contains(words, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_member_of_the_wrong_kind_names_the_member_and_its_field()
    {
        var text = await Refusal("/sweeps", $$"""{ "base": { {{Base}} }, "vary": { "optimizer.nesterov": ["x"] } }""");
        Assert.Contains("true or false", text, StringComparison.Ordinal);
        Assert.Contains("members[0]", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.Nullable`1[System.UInt64]", "a whole number from 0 up")]
    [InlineData("System.Collections.Generic.IReadOnlyList`1[System.Double]", "a list of numbers")]
    [InlineData("System.Collections.Generic.IReadOnlyList`1[System.Collections.Generic.IReadOnlyList`1[System.Double]]", "a list whose items are each a list of numbers")]
    [InlineData("System.Collections.Generic.Dictionary`2[System.String,System.Double]", "an object")]
    [InlineData("System.Double[]", "a list of numbers")]
    [InlineData("GradientWeb.Server.Contracts.InitRequest", "an object")]
    public void Type_names_read_as_words(string typeName, string words) =>
        Assert.Equal(words, GradientWeb.Server.Api.JsonErrorText.Plain(typeName));

    private async Task<string> Refusal(string url, string body)
    {
        var response = await app.CreateClient().PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        foreach (var internals in new[] { "System.", ".NET", "Nullable", "IReadOnlyList", "TrainRequest", "GradientWeb.", "`1" })
        {
            Assert.DoesNotContain(internals, text, StringComparison.Ordinal);
        }

        return text;
    }
}
