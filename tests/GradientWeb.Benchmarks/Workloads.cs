using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;

namespace GradientWeb.Benchmarks;

/// <summary>The four workloads, issue 19's 64-wide network and a mini-batch one (issue 17); tests/benchmarks/compare_pytorch.py builds the same jobs in PyTorch.</summary>
internal static class Workloads
{
    public static IReadOnlyList<(string Name, Func<TrainingSpec> Spec)> All { get; } =
    [
        ("linear-sse-sgd (icecream, 100 pts)", () => new TrainingSpec(Data("icecream"), new ModelSpec(ModelKind.Linear), LossKind.Sse, new OptimizerSpec("sgd"), 0.001, 1, [-5, 10])),
        ("logistic-bce-adam (logistic, 2000 pts)", () => new TrainingSpec(Data("logistic"), new ModelSpec(ModelKind.Logistic), LossKind.Bce, new OptimizerSpec("adam"), 0.05, 1, null) { InitSeed = 43052 }),
        ("mlp-1-2-1-bce-adam (dnnex0, 2000 pts)", () => new TrainingSpec(
            Data("dnnex0"),
            new ModelSpec(ModelKind.Mlp) { Layers = [new LayerSpec("linear", 2), new LayerSpec("relu"), new LayerSpec("linear", 1), new LayerSpec("sigmoid")] },
            LossKind.Bce,
            new OptimizerSpec("adam"),
            0.1,
            1,
            null) { InitSeed = 43052 }),
        ("function-sgd (3u²+3v²−uv+7u−7v+10)", () => new TrainingSpec(
            null, new ModelSpec(ModelKind.Function) { Expression = "3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10" }, LossKind.Mse, new OptimizerSpec("sgd"), 0.05, 1, [4, 4])),
        ("mlp-1-64-64-1-bce-adam (dnnex0, 2000 pts)", () => new TrainingSpec(
            Data("dnnex0"),
            new ModelSpec(ModelKind.Mlp) { Layers = [new LayerSpec("linear", 64), new LayerSpec("relu"), new LayerSpec("linear", 64), new LayerSpec("relu"), new LayerSpec("linear", 1), new LayerSpec("sigmoid")] },
            LossKind.Bce,
            new OptimizerSpec("adam"),
            0.01,
            1,
            null) { InitSeed = 43052 }),
        ("mlp-1-2-1-bce-adam batches of 64, shuffled (dnnex0)", () => new TrainingSpec(
            Data("dnnex0"),
            new ModelSpec(ModelKind.Mlp) { Layers = [new LayerSpec("linear", 2), new LayerSpec("relu"), new LayerSpec("linear", 1), new LayerSpec("sigmoid")] },
            LossKind.Bce,
            new OptimizerSpec("adam"),
            0.1,
            1,
            null) { InitSeed = 43052, Batch = new BatchSpec(64, Shuffle: true, Seed: 0, DropLast: false) }),
    ];

    private static DataSet Data(string name) => BuiltInDataSets.TryGet(name, out var d) ? d : throw new InvalidOperationException(name);
}
