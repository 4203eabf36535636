using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Tests.Training;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Analysis;

public sealed class HealthTests
{
    private static TrainingSpec Function(string expression, double lr, int epochs, params double[] start) =>
        new(null, new ModelSpec(ModelKind.Function) { Expression = expression }, LossKind.Mse, new OptimizerSpec("sgd"), lr, epochs, start);

    private static (StartDiagnostics Diagnostics, TrainingOutcome Outcome, List<EpochRecord> Records) Train(TrainingSpec spec)
    {
        var run = new TrainingEngine().Prepare(spec);
        var d = run.Diagnose();
        var records = new List<EpochRecord>();
        var outcome = run.Run(records.Add, CancellationToken.None);
        return (d, outcome, records);
    }

    [Fact]
    public void A_quadratic_functions_bound_is_exact_four_for_lecture_004()
    {
        var d = new TrainingEngine().Prepare(Function("(b/2 - 1)^2", 0.1, 1, -10)).Diagnose();
        Assert.Equal(BoundKind.Exact, d.Kind);
        Assert.False(d.BoundIsEstimate);
        Assert.Equal(0.5, d.TopHessianEigenvalue);
        Assert.Equal(4.0, d.StableLrBound);
        Assert.Equal(4.0, d.OptimizerBound);
    }

    [Fact]
    public void Lecture_002s_function_has_the_exact_bound_two_sevenths()
    {
        var d = new TrainingEngine().Prepare(Function("3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10", 0.05, 1, 4, 4)).Diagnose();
        Assert.Equal(BoundKind.Exact, d.Kind);
        Assert.Equal(2.0 / 7, d.StableLrBound!.Value, 12);
    }

    [Theory]
    [InlineData("b^4")]
    [InlineData("exp(b) + b^2")]
    [InlineData("(b/2 - 1)^3")]
    public void A_function_that_is_not_quadratic_gets_an_estimate(string expression)
    {
        var d = new TrainingEngine().Prepare(Function(expression, 0.01, 1, 1.5)).Diagnose();
        Assert.Equal(BoundKind.Estimated, d.Kind);
    }

    [Theory]
    [InlineData(0.01 / 6, HealthVerdict.Stable)]
    [InlineData(3.9, HealthVerdict.Stable)] // zig-zags but |1 − αλ| = 0.95 < 1
    [InlineData(4.05, HealthVerdict.Diverging)] // β = −139.77 after 100 steps: finite, but growing every step
    public void Lecture_004s_learning_rates_are_judged_against_the_exact_bound(double lr, HealthVerdict expected)
    {
        var (d, outcome, _) = Train(Function("(b/2 - 1)^2", lr, 100, -10));
        var health = HealthRules.Judge(d, outcome);
        Assert.Equal(expected, health.Verdict);
        Assert.Equal(lr > 4, health.AboveBound);
        Assert.Equal(BoundKind.Exact, health.BoundKind);
    }

    [Fact]
    public void Lecture_000_at_0_0083_is_unstable_within_the_notes_30_epochs_before_it_reaches_infinity()
    {
        var (d, outcome, _) = Train(Lecture000Tests.IceCreamSpec(0.0083, 30));
        Assert.Equal(TrainingEnd.Completed, outcome.End);
        var health = HealthRules.Judge(d, outcome);
        Assert.True(health.AboveBound);
        Assert.Contains(health.Verdict, new[] { HealthVerdict.Unstable, HealthVerdict.Diverging });
        Assert.Equal(0.0082383, health.Bound!.Value, 7);

        // Before the run ends (no outcome yet) the page already says so.
        Assert.Equal(HealthVerdict.Unstable, HealthRules.Judge(d, null).Verdict);
    }

    [Fact]
    public void Lecture_000_at_0_0085_grows_over_its_last_epochs_and_reads_diverging()
    {
        var (d, outcome, records) = Train(Lecture000Tests.IceCreamSpec(0.0085, 200));
        Assert.True(float.IsFinite(records[^1].Loss));
        Assert.True(outcome.LossGrowing);
        Assert.Equal(HealthVerdict.Diverging, HealthRules.Judge(d, outcome).Verdict);
    }

    [Fact]
    public void Lecture_000_at_0_001_is_stable_and_0_01_diverged()
    {
        var (d, outcome, _) = Train(Lecture000Tests.IceCreamSpec(0.001, 30));
        Assert.Equal(HealthVerdict.Stable, HealthRules.Judge(d, outcome).Verdict);
        var (d2, outcome2, _) = Train(Lecture000Tests.IceCreamSpec(0.01, 200));
        Assert.Equal(HealthVerdict.Diverged, HealthRules.Judge(d2, outcome2).Verdict);
    }

    [Fact]
    public void A_plateau_start_says_its_estimate_is_from_a_plateau_and_judges_nothing()
    {
        Assert.True(BuiltInDataSets.TryGet("logistic", out var data));
        var spec = new TrainingSpec(data, new ModelSpec(ModelKind.Logistic), LossKind.Mse, new OptimizerSpec("sgd"), 0.05, 5, [-10, -1]);
        var d = new TrainingEngine().Prepare(spec).Diagnose();
        Assert.Equal(BoundKind.Plateau, d.Kind);
        Assert.True(d.GradientNorm < HealthRules.PlateauGradientNorm);
        var health = HealthRules.Judge(d, null);
        Assert.Equal(HealthVerdict.Unknown, health.Verdict);
        Assert.False(health.AboveBound);
    }

    [Theory]
    [InlineData(0.0, false, 0.0, 2.0)] // plain SGD: 2/λ
    [InlineData(0.9, false, 0.0, 3.8)] // heavy ball: 2(1 + μ)/λ
    [InlineData(0.9, true, 0.0, 3.8 / 2.8)] // Nesterov: 2(1 + μ)/((1 + 2μ)λ)
    [InlineData(0.0, false, 1.0, 1.0)] // weight decay adds to the curvature
    public void Each_optimizer_has_its_own_bound(double momentum, bool nesterov, double weightDecay, double expected)
    {
        var sgd = new OptimizerSpec("sgd") { Momentum = momentum, Nesterov = nesterov, WeightDecay = weightDecay, Dampening = 0 };
        Assert.Equal(expected, HealthRules.OptimizerBound(1.0, sgd)!.Value, 12);
        Assert.Null(HealthRules.OptimizerBound(1.0, new OptimizerSpec("adam")));
    }

    [Fact]
    public void Float_noise_at_a_converged_loss_is_not_diverging()
    {
        var trend = new LossTrend();
        foreach (var loss in new[] { 10f, 5f, 1.0f, 1.00000012f, 1.00000024f, 1.00000036f, 1.00000048f, 1.0000006f })
        {
            trend.Add(loss);
        }

        Assert.False(trend.Growing);
        foreach (var loss in new[] { 1.1f, 1.2f, 1.3f, 1.4f, 1.5f })
        {
            trend.Add(loss);
        }

        Assert.True(trend.Growing);
    }

    [Fact]
    public void The_gradient_check_of_dnnex3s_relu_net_pairs_the_128_checked_weights_only()
    {
        Assert.True(BuiltInDataSets.TryGet("dnnex3", out var data));
        var layers = new[] { new LayerSpec("linear", 32), new LayerSpec("relu"), new LayerSpec("linear", 1), new LayerSpec("sigmoid") };
        var spec = new TrainingSpec(data, new ModelSpec(ModelKind.Mlp) { Layers = layers }, LossKind.Bce, new OptimizerSpec("adam"), 0.01, 1, null) { InitSeed = 43052 };
        var d = new TrainingEngine().Prepare(spec).Diagnose();
        Assert.Equal(129, d.Gradient.Length);
        Assert.Equal(128, d.NumericGradient.Length);
        Assert.Equal(128, d.CheckedWeights);
        Assert.True(double.IsFinite(d.GradientCheckError));
        Assert.InRange(d.GradientCheckError, 0, 1e-2);
    }

    [Fact]
    public void The_check_error_never_reads_past_the_shorter_vector()
    {
        Assert.Equal(0, StartAnalysis.CheckError([1f, 2f, 3f], [1f, 2f]));
        Assert.Equal(0.5, StartAnalysis.CheckError([2f, 0f], [1f, 0f]), 12);
    }
}
