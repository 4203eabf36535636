using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Nn;

public sealed class TorchGeneratorTests
{
    [Fact]
    public void Mt19937_gives_the_reference_stream()
    {
        // std::mt19937 with its default seed 5489: the C++ standard fixes the 10 000th output as 4123659995.
        var generator = new TorchGenerator(5489);
        Assert.Equal(3499211612u, generator.NextUInt32());
        for (var i = 2; i < 10_000; i++)
        {
            generator.NextUInt32();
        }

        Assert.Equal(4123659995u, generator.NextUInt32());
    }

    [Fact]
    public void Seed_43052_gives_lecture_003s_linear_layer()
    {
        // torch.manual_seed(43052); torch.nn.Linear(1, 1).state_dict(): weight -0.3467, bias -0.8470.
        var weight = new float[1];
        var bias = new float[1];
        new TorchGenerator(43052).LinearDefaultInit(weight, bias, fanIn: 1);
        Assert.Equal(-0.3467, weight[0], 4);
        Assert.Equal(-0.8470, bias[0], 4);
    }

    [Fact]
    public void Seeded_logistic_starts_at_lecture_003s_yhat()
    {
        // Lecture 003: x = linspace(-1, 1, 2000), manual_seed(43052), Linear(1,1) → Sigmoid: ŷ = 0.3775 … 0.2326.
        var x = Enumerable.Range(0, 2000).Select(i => -1f + (2f * i / 1999)).ToArray();
        var data = new DataSet("lecture003", ["x"], "y", [x], new float[2000]);
        var spec = new TrainingSpec(data, new ModelSpec(ModelKind.Logistic), LossKind.Bce, new OptimizerSpec("sgd"), 0.1, 1, null) { InitSeed = 43052 };
        EpochRecord? first = null;
        new TrainingEngine().Prepare(spec).Run(r => first ??= r, CancellationToken.None);

        Assert.Equal([-0.8470f, -0.3467f], first!.Weights.Select(w => MathF.Round(w, 4)));
        Assert.Equal(0.3775, first.Yhat![0], 4);
        Assert.Equal(0.2326, first.Yhat[^1], 4);
    }

    [Fact]
    public void Weights_and_seed_together_are_refused()
    {
        var spec = Training.Lecture000Tests.IceCreamSpec() with { };
        var both = spec with { InitSeed = 1 };
        var ex = Assert.Throws<SpecException>(() => new TrainingEngine().Prepare(both));
        Assert.Equal("init", ex.Field);
    }
}
