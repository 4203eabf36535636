using System.Text.Json;
using System.Text.Json.Serialization;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Golden;

/// <summary>
/// Every case in tests/golden/engine-golden.json, written by tests/golden/make_golden.py from real PyTorch 1.13:
/// the engine must give the same loss and weights at every epoch, to relative 1e-4 (plus 1e-6 absolute, for
/// weights that pass through zero), and diverge at the same epoch.
/// </summary>
public sealed class PyTorchGoldenTests
{
    private const double Relative = 1e-4;
    private const double Absolute = 1e-6;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    internal static readonly Lazy<GoldenFile> File = new(() =>
    {
        var path = Path.Combine(RepoRoot(), "tests", "golden", "engine-golden.json");
        return JsonSerializer.Deserialize<GoldenFile>(System.IO.File.ReadAllText(path), Json)!;
    });

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in File.Value.Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Fact]
    public void The_golden_file_covers_every_optimizer_and_loss()
    {
        var cases = File.Value.Cases;
        Assert.True(cases.Count >= 40);
        foreach (var type in new[] { "sgd", "adam", "adamw", "rmsprop", "adagrad" })
        {
            Assert.Contains(cases, c => c.Optimizer.GetProperty("type").GetString() == type);
        }

        Assert.Contains(cases, c => c.Model == "mlp");
        foreach (var model in new[] { "linear", "logistic", "mlp", "function" })
        {
            foreach (var type in new[] { "sgd", "adam", "adamw", "rmsprop", "adagrad" })
            {
                Assert.Contains(cases, c => c.Model == model && c.Optimizer.GetProperty("type").GetString() == type);
            }
        }

        Assert.Contains(cases, c => c.Seed is not null && c.Model == "mlp");
        Assert.Contains(cases, c => c.Seed is not null && c.Model == "logistic");
        Assert.Contains(cases, c => c.Preprocess == "center");
        Assert.Contains(cases, c => c.Preprocess == "standardize");
        foreach (var loss in new[] { "sse", "mse", "bce" })
        {
            Assert.Contains(cases, c => c.Loss == loss);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_engine_matches_pytorch_epoch_by_epoch(string name)
    {
        var golden = File.Value.Cases.Single(c => c.Name == name);
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(ToSpec(golden)).Run(records.Add, CancellationToken.None);

        var (relative, absolute) = (Relative, Absolute);
        Assert.Equal(golden.Losses.Length, records.Count);
        for (var k = 0; k < records.Count; k++)
        {
            Close(golden.Losses[k], records[k].Loss, relative, absolute, $"{name}: loss at epoch {k}");
            for (var i = 0; i < golden.Weights[k].Length; i++)
            {
                Close(golden.Weights[k][i], records[k].Weights[i], relative, absolute, $"{name}: w{i} at epoch {k}");
            }

            if (golden.Metrics is not null)
            {
                Close(golden.Metrics[k], records[k].Metrics!.Train, relative, absolute, $"{name}: training metric at epoch {k}");
            }

            if (golden.ValidationLosses is not null)
            {
                Close(golden.ValidationLosses[k], records[k].ValidationLoss!.Value, relative, absolute, $"{name}: validation loss at epoch {k}");
                Close(golden.ValidationMetrics![k], records[k].Metrics!.Validation!.Value, relative, absolute, $"{name}: validation metric at epoch {k}");
            }
        }

        for (var e = 0; golden.Batch is not null && e < golden.StepLosses!.Length; e++)
        {
            var steps = records[e + 1].Steps!;
            Assert.Equal(golden.StepLosses![e].Length, steps.Losses.Length);
            for (var b = 0; b < steps.Losses.Length; b++)
            {
                Close(golden.StepLosses[e][b], steps.Losses[b], relative, absolute, $"{name}: batch {b} loss in epoch {e + 1}");
            }

            Assert.Equal(records[e + 1].Weights, steps.Weights[^1]);
        }
    }

    private static void Close(double expected, double actual, double relative, double absolute, string what)
    {
        if (!double.IsFinite(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected}, got {actual}");
            return;
        }

        var tolerance = (relative * Math.Abs(expected)) + absolute;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual} (tolerance {tolerance:G3})");
    }

    internal static TrainingSpec ToSpec(GoldenCase c)
    {
        var optimizerSpec = JsonSerializer.Deserialize<OptimizerSpec>(c.Optimizer.GetRawText(), Json)!;
        if (c.Model == "function")
        {
            return new TrainingSpec(null, new ModelSpec("function") { Expression = c.Expression }, LossKind.Mse, optimizerSpec, c.Lr, c.Epochs, c.Init);
        }

        // x is a list of numbers (one feature) or of rows.
        var rows = c.X.EnumerateArray().ToList();
        var columns = rows[0].ValueKind == JsonValueKind.Array
            ? Enumerable.Range(0, rows[0].GetArrayLength()).Select(j => rows.Select(r => (float)r[j].GetDouble()).ToArray()).ToArray()
            : [rows.Select(r => (float)r.GetDouble()).ToArray()];
        var names = Enumerable.Range(1, columns.Length).Select(j => $"x{j}").ToList();
        var data = new DataSet(c.Name, names, "y", columns, [.. c.Y.Select(v => (float)v)]);
        var optimizer = JsonSerializer.Deserialize<OptimizerSpec>(c.Optimizer.GetRawText(), Json)!;
        var loss = Enum.Parse<LossKind>(c.Loss, ignoreCase: true);
        var layers = c.Layers?.EnumerateArray()
            .Select(l => l.ValueKind == JsonValueKind.String ? new LayerSpec(l.GetString()!) : new LayerSpec("linear", l.GetProperty("linear").GetInt32()))
            .ToList();
        return new TrainingSpec(data, new ModelSpec(c.Model) { Layers = layers }, loss, optimizer, c.Lr, c.Epochs, c.Init)
        {
            InitSeed = c.Seed,
            Preprocess = Enum.Parse<Preprocess>(c.Preprocess ?? "none", ignoreCase: true),
            Batch = c.Batch,
            Validation = c.Validation,
        };
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "GradientWeb.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GradientWeb.sln not found.");
    }

    internal sealed record GoldenFile(string Torch, List<GoldenCase> Cases);

    /// <summary>A case; the DataLoader cases add the batch and split settings, the rows torch split off, the first epochs' batch rows and losses.</summary>
    internal sealed record GoldenCase(
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
}
