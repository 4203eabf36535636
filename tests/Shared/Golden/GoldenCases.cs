using System.Text.Json;
using System.Text.Json.Serialization;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;
using Xunit;

namespace GradientWeb.Tests.Golden;

/// <summary>
/// tests/golden/engine-golden.json, written by tests/golden/make_golden.py from real PyTorch 1.13: each case's spec
/// and PyTorch's loss and weights at every epoch. Shared by the tests of every engine.
/// </summary>
public static class GoldenCases
{
    /// <summary>Relative 1e-4, plus 1e-6 absolute for weights that pass through zero.</summary>
    public const double Relative = 1e-4;

    public const double Absolute = 1e-6;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly Lazy<GoldenFile> File = new(() =>
    {
        var path = Path.Combine(RepoRoot(), "tests", "golden", "engine-golden.json");
        return JsonSerializer.Deserialize<GoldenFile>(System.IO.File.ReadAllText(path), Json)!;
    });

    public static IReadOnlyList<GoldenCase> All => File.Value.Cases;

    public static GoldenCase Named(string name) => All.Single(c => c.Name == name);

    public static TheoryData<string> Names() => Names(_ => true);

    public static TheoryData<string> Names(Func<GoldenCase, bool> which)
    {
        var data = new TheoryData<string>();
        foreach (var c in All.Where(which))
        {
            data.Add(c.Name);
        }

        return data;
    }

    /// <summary>Trains the case on <paramref name="engine"/> and returns every record.</summary>
    public static List<EpochRecord> Run(ITrainingEngine engine, GoldenCase golden)
    {
        var records = new List<EpochRecord>();
        engine.Prepare(ToSpec(golden)).Run(records.Add, CancellationToken.None);
        return records;
    }

    /// <summary>Asserts the records give PyTorch's loss and weights at every epoch and stop where it stopped.</summary>
    public static void AssertMatches(GoldenCase golden, IReadOnlyList<EpochRecord> records)
    {
        Assert.Equal(golden.Losses.Length, records.Count);
        for (var k = 0; k < records.Count; k++)
        {
            Close(golden.Losses[k], records[k].Loss, $"{golden.Name}: loss at epoch {k}");
            for (var i = 0; i < golden.Weights[k].Length; i++)
            {
                Close(golden.Weights[k][i], records[k].Weights[i], $"{golden.Name}: w{i} at epoch {k}");
            }

            if (golden.Metrics is not null)
            {
                Close(golden.Metrics[k], records[k].Metrics!.Train, $"{golden.Name}: training metric at epoch {k}");
            }

            if (golden.ValidationLosses is not null)
            {
                Close(golden.ValidationLosses[k], records[k].ValidationLoss!.Value, $"{golden.Name}: validation loss at epoch {k}");
                Close(golden.ValidationMetrics![k], records[k].Metrics!.Validation!.Value, $"{golden.Name}: validation metric at epoch {k}");
            }
        }

        for (var e = 0; golden.Batch is not null && e < golden.StepLosses!.Length; e++)
        {
            var steps = records[e + 1].Steps!;
            Assert.Equal(golden.StepLosses![e].Length, steps.Losses.Length);
            for (var b = 0; b < steps.Losses.Length; b++)
            {
                Close(golden.StepLosses[e][b], steps.Losses[b], $"{golden.Name}: batch {b} loss in epoch {e + 1}");
            }

            Assert.Equal(records[e + 1].Weights, steps.Weights[^1]);
        }
    }

    /// <summary>
    /// |expected − actual| ≤ 1e-4·|expected| + <paramref name="floors"/>·1e-6. Two engines each within one floor of
    /// PyTorch are within two of each other (a weight passing near zero, where the relative part vanishes).
    /// </summary>
    public static void Close(double expected, double actual, string what, int floors = 1)
    {
        if (!double.IsFinite(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected}, got {actual}");
            return;
        }

        var tolerance = (Relative * Math.Abs(expected)) + (floors * Absolute);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual} (tolerance {tolerance:G3})");
    }

    public static TrainingSpec ToSpec(GoldenCase c)
    {
        var optimizer = JsonSerializer.Deserialize<OptimizerSpec>(c.Optimizer.GetRawText(), Json)!;
        if (c.Model == "function")
        {
            return new TrainingSpec(null, new ModelSpec(ModelKind.Function) { Expression = c.Expression }, LossKind.Mse, optimizer, c.Lr, c.Epochs, c.Init);
        }

        // x is a list of numbers (one feature) or of rows.
        var rows = c.X.EnumerateArray().ToList();
        var columns = rows[0].ValueKind == JsonValueKind.Array
            ? Enumerable.Range(0, rows[0].GetArrayLength()).Select(j => rows.Select(r => (float)r[j].GetDouble()).ToArray()).ToArray()
            : [rows.Select(r => (float)r.GetDouble()).ToArray()];
        var names = Enumerable.Range(1, columns.Length).Select(j => $"x{j}").ToList();
        var data = new DataSet(c.Name, names, "y", columns, [.. c.Y.Select(v => (float)v)]);
        var loss = Enum.Parse<LossKind>(c.Loss, ignoreCase: true);
        var layers = c.Layers?.EnumerateArray()
            .Select(l => l.ValueKind == JsonValueKind.String ? new LayerSpec(l.GetString()!) : new LayerSpec("linear", l.GetProperty("linear").GetInt32()))
            .ToList();
        return new TrainingSpec(data, new ModelSpec(Enum.Parse<ModelKind>(c.Model, ignoreCase: true)) { Layers = layers }, loss, optimizer, c.Lr, c.Epochs, c.Init)
        {
            InitSeed = c.Seed,
            Preprocess = Enum.Parse<Preprocess>(c.Preprocess ?? "none", ignoreCase: true),
            Batch = c.Batch,
            Validation = c.Validation,
        };
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "GradientWeb.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GradientWeb.sln not found.");
    }

    private sealed record GoldenFile(string Torch, List<GoldenCase> Cases);
}

/// <summary>A case; the DataLoader cases add the batch and split settings, the rows torch split off, the first epochs' batch rows and losses.</summary>
public sealed record GoldenCase(
    string Name,
    JsonElement X,
    double[] Y,
    string Model,
    JsonElement? Layers,
    double[]? Init,
    ulong? Seed,
    string? Preprocess,
    string? Expression,
    int Epochs,
    string Loss,
    JsonElement Optimizer,
    double Lr,
    double[] Losses,
    double[][] Weights)
{
    public BatchSpec? Batch { get; init; }

    public ValidationSpec? Validation { get; init; }

    public double[]? Metrics { get; init; }

    public double[]? ValidationLosses { get; init; }

    public double[]? ValidationMetrics { get; init; }

    public int[]? TrainRows { get; init; }

    public int[]? ValidationRows { get; init; }

    public int[][][]? Batches { get; init; }

    public double[][]? StepLosses { get; init; }
}
