using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Server.Tests.Api;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Exports;

/// <summary>
/// <c>GET /jobs/{id}/script.py</c> runs under real PyTorch (Debian's python3-torch, which ./test.sh installs) and
/// prints the job's history: the same epochs, and every loss and weight to float32 precision (relative 1e-4 plus 1e-6,
/// the engine's golden tolerance).
/// </summary>
public sealed class PyTorchScriptTests(TestApp app) : IClassFixture<TestApp>
{
    private const double Relative = 1e-4;
    private const double Absolute = 1e-6;

    private readonly HttpClient _client = app.CreateClient();

    public static TheoryData<string, string> Jobs => new()
    {
        { "lecture 000: SSE, SGD from (-5, 10)", ExportsApiTests.Lecture000(epochs: 30, lr: 0.001) },
        { "lecture 000 past the stable rate: diverges, both stop at the same epoch", ExportsApiTests.Lecture000(epochs: 3000, lr: 0.02) },
        {
            "lecture 002: height/weight centred, SGD with momentum",
            """{ "dataset": { "name": "heightweight" }, "loss": "mse", "preprocess": "center", "optimizer": { "type": "sgd", "momentum": 0.9 }, "lr": 0.001, "epochs": 100, "init": { "weights": [1, 1] } }"""
        },
        {
            "standardised, Adam with its options",
            """{ "dataset": { "name": "icecream" }, "loss": "mse", "preprocess": "standardize", "optimizer": { "type": "adam", "betas": [0.8, 0.99], "amsgrad": true }, "lr": 0.05, "epochs": 60 }"""
        },
        {
            "lecture 003: logistic, BCE, PyTorch's init after seed 43052",
            """{ "dataset": { "name": "logistic" }, "model": { "type": "logistic" }, "loss": "bce", "optimizer": { "type": "adam" }, "lr": 0.05, "epochs": 60, "init": { "seed": 43052 } }"""
        },
        {
            "lecture 003: Linear(1,2)-ReLU-Linear(2,1)-Sigmoid, seed 43052",
            """{ "dataset": { "name": "dnnex0" }, "model": { "type": "mlp", "layers": [{"linear": 2}, "relu", {"linear": 1}, "sigmoid"] }, "loss": "bce", "optimizer": { "type": "adam" }, "lr": 0.05, "epochs": 60, "init": { "seed": 43052 } }"""
        },
        {
            "two features, an mlp from given weights, RMSprop",
            """{ "dataset": { "name": "dnnex3" }, "model": { "type": "mlp", "layers": [{"linear": 3}, "tanh", {"linear": 1}, "sigmoid"] }, "loss": "bce", "optimizer": { "type": "rmsprop", "centered": true }, "lr": 0.01, "epochs": 40, "init": { "weights": [0.5, -0.4, 0.3, 0.1, 0.2, -0.1, 0.7, -0.6, 0.4, 0.1, -0.2, 0.3, 0.05] } }"""
        },
        {
            "inline data, Adagrad",
            """{ "dataset": { "x": [1, 2, 3, 4, 5], "y": [3.1, 4.9, 7.2, 8.8, 11.1] }, "loss": "mse", "optimizer": { "type": "adagrad", "lrDecay": 0.01 }, "lr": 0.5, "epochs": 50 }"""
        },
        {
            "lecture 001: mini-batches of 16, shuffled, the last batch of 4",
            """{ "dataset": { "name": "icecream" }, "loss": "mse", "batch": { "size": 16, "seed": 3 }, "lr": 0.01, "epochs": 30, "init": { "weights": [-5, 10] } }"""
        },
        {
            "mini-batches in order, dropLast, a validation split, momentum",
            """{ "dataset": { "name": "logistic" }, "model": { "type": "logistic" }, "loss": "bce", "batch": { "size": 64, "shuffle": false, "dropLast": true }, "validation": { "fraction": 0.25, "seed": 5 }, "optimizer": { "type": "sgd", "momentum": 0.9 }, "lr": 0.1, "epochs": 20, "init": { "seed": 1 } }"""
        },
        {
            "batch size 1 on an mlp with Adam, standardised, held out",
            """{ "dataset": { "name": "heightweight" }, "model": { "type": "mlp", "layers": [{"linear": 2}, "tanh", {"linear": 1}] }, "preprocess": "standardize", "batch": { "size": 1, "seed": 7 }, "validation": { "fraction": 0.2 }, "optimizer": { "type": "adam" }, "lr": 0.01, "epochs": 25, "init": { "seed": 4 } }"""
        },
        {
            "validation alone: full-batch on the training rows",
            """{ "dataset": { "name": "icecream" }, "loss": "sse", "validation": { "fraction": 0.3, "seed": 1 }, "lr": 0.001, "epochs": 30, "init": { "weights": [-5, 10] } }"""
        },
        {
            "lecture 002: L(u, v) with momentum",
            """{ "model": { "type": "function", "expression": "3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10" }, "optimizer": { "type": "sgd", "momentum": 0.9 }, "lr": 0.05, "epochs": 100, "init": { "weights": [4, 4] } }"""
        },
        {
            "lecture 004: beta zigzag at lr 3.9",
            """{ "model": { "type": "function", "expression": "(b/2 - 1)^2" }, "lr": 3.9, "epochs": 100, "init": { "weights": [-10] } }"""
        },
        {
            "a function whose variables are Python keywords and script names, from a seed",
            """{ "model": { "type": "function", "expression": "(lambda - 1)^2 + -(loss*2)^2/-4 + 2^-x + sigmoid(-(lambda + x)) * abs(x - 0.5)" }, "optimizer": { "type": "sgd" }, "lr": 0.05, "epochs": 60, "init": { "seed": 3 } }"""
        },
    };

    [Theory]
    [MemberData(nameof(Jobs))]
    public async Task The_script_prints_the_jobs_history_under_pytorch(string what, string body)
    {
        var id = await _client.StartJobAndWaitAsync(body);
        var response = await _client.GetAsync($"/jobs/{id}/script.py");
        Assert.Equal("text/x-python", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"gradientweb-{id}.py", response.Content.Headers.ContentDisposition?.FileNameStar);
        var script = await response.Content.ReadAsStringAsync();

        var (header, rows) = ExportsApiTests.ParseCsv(await RunPython(script));
        var job = await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        var validation = job.GetProperty("request").TryGetProperty("validation", out _);
        string[] lossColumns = validation ? ["loss", "validation_loss"] : ["loss"];
        Assert.Equal(["epoch", .. lossColumns, .. job.GetProperty("paramNames").EnumerateArray().Select(n => n.GetString()!)], header);

        var history = (await _client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").EnumerateArray().ToList();
        Assert.True(history.Count == rows.Count, $"{what}: the job has {history.Count} records, PyTorch printed {rows.Count}");
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), rows[i][0]);
            double[] losses = validation ? [Number(history[i].GetProperty("loss")), Number(history[i].GetProperty("validationLoss"))] : [Number(history[i].GetProperty("loss"))];
            double[] expected = [.. losses, .. history[i].GetProperty("weights").EnumerateArray().Select(Number)];
            var actual = rows[i][1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            for (var k = 0; k < expected.Length; k++)
            {
                var same = double.IsFinite(expected[k])
                    ? Math.Abs(expected[k] - actual[k]) <= (Relative * Math.Abs(expected[k])) + Absolute
                    : expected[k].Equals(actual[k]) || (double.IsNaN(expected[k]) && double.IsNaN(actual[k]));
                Assert.True(same, $"{what}: epoch {i}, {header[k + 1]}: GradientWeb {expected[k]}, PyTorch {actual[k]}");
            }
        }
    }

    /// <summary>Debian's interpreter (the one python3-torch installs into), or GW_PYTHON.</summary>
    private static async Task<string> RunPython(string script)
    {
        var python = Environment.GetEnvironmentVariable("GW_PYTHON") ?? "/usr/bin/python3";
        var path = Path.Combine(Path.GetTempPath(), $"gradientweb-script-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, script);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(python, [path]) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException($"Could not start {python}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(
                process.ExitCode == 0,
                $"{python} failed ({process.ExitCode}); it needs PyTorch (Debian: apt-get install python3-torch python3-numpy, as ./test.sh does):\n{await errors}");
            return await output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetSingle();
}
