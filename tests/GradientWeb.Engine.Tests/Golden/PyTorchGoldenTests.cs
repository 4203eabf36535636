using GradientWeb.Engine.Training;
using GradientWeb.Tests.Golden;

namespace GradientWeb.Engine.Tests.Golden;

/// <summary>
/// Every case in tests/golden/engine-golden.json (real PyTorch 1.13): the engine must give the same loss and
/// weights at every epoch, to relative 1e-4 (plus 1e-6 absolute), and diverge at the same epoch.
/// </summary>
public sealed class PyTorchGoldenTests
{
    public static TheoryData<string> Cases() => GoldenCases.Names();

    [Fact]
    public void The_golden_file_covers_every_optimizer_and_loss()
    {
        var cases = GoldenCases.All;
        Assert.True(cases.Count >= 40);
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
        var golden = GoldenCases.Named(name);
        GoldenCases.AssertMatches(golden, GoldenCases.Run(new TrainingEngine(), golden));
    }
}
