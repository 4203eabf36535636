using GradientWeb.Engine.Data;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Data;

public sealed class GeneratorsTests
{
    [Theory]
    [InlineData("linear")]
    [InlineData("logistic")]
    [InlineData("xor")]
    [InlineData("circle")]
    [InlineData("spiral")]
    [InlineData("moons")]
    public void The_same_seed_gives_the_same_points_and_another_seed_other_points(string kind)
    {
        var a = Generators.Generate(new GeneratorSpec(kind, Seed: 5));
        var b = Generators.Generate(new GeneratorSpec(kind, Seed: 5));
        var c = Generators.Generate(new GeneratorSpec(kind, Seed: 6));
        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Y, b.Y);
        Assert.True(!a.X[^1].SequenceEqual(c.X[^1]) || !a.Y.SequenceEqual(c.Y));
        Assert.All(a.X.SelectMany(col => col).Concat(a.Y), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Linear_data_recovers_its_true_weights_by_least_squares()
    {
        var data = Generators.Generate(new GeneratorSpec("linear", N: 5000, Noise: 0.5, Weights: [2.5, 4], Seed: 43052));
        var run = new TrainingEngine().Prepare(new TrainingSpec(data, new ModelSpec(ModelKind.Linear), Losses.LossKind.Mse, new OptimizerSpec("sgd"), 0.1, 1, null));
        var fit = run.Diagnose().ClosedForm!;
        Assert.Equal(2.5, fit[0], 1);
        Assert.Equal(4.0, fit[1], 1);
        Assert.True(data.X[0].Zip(data.X[0].Skip(1)).All(p => p.First <= p.Second), "one feature is sorted, as lecture 000's x");
    }

    [Fact]
    public void Two_class_sets_are_balanced_and_labelled_0_or_1()
    {
        var moons = Generators.Generate(new GeneratorSpec("moons", N: 201));
        Assert.Equal(["x1", "x2"], moons.XColumns);
        Assert.All(moons.Y, v => Assert.True(v is 0f or 1f));
        Assert.Equal(100, moons.Y.Count(v => v == 0f));
    }

    [Theory]
    [InlineData("blobs", null, "dataset.generate")]
    [InlineData("moons", 1, "dataset.n")]
    [InlineData("moons", 100_001, "dataset.n")]
    public void Bad_specs_name_their_field(string kind, int? n, string field)
    {
        var ex = Assert.Throws<SpecException>(() => Generators.Generate(new GeneratorSpec(kind, N: n)));
        Assert.Equal(field, ex.Field);
    }
}
