using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Tests.Training;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Analysis;

public sealed class StartAnalysisTests
{
    [Fact]
    public void Lecture_000_gradient_closed_form_and_stable_learning_rate()
    {
        var run = new TrainingEngine().Prepare(Lecture000Tests.IceCreamSpec());
        var d = run.Diagnose();

        // What.grad = [-1342.2465, 1188.9203]; finite differences agree; (XᵀX)⁻¹Xᵀy = [2.4459, 4.0043].
        Assert.Equal(-1342.2465, d.Gradient[0], 2);
        Assert.Equal(1188.9203, d.Gradient[1], 2);
        Assert.Equal(-1342.2465, d.NumericGradient[0], 0);
        Assert.Equal(1188.9203, d.NumericGradient[1], 0);
        Assert.InRange(d.MaxRelativeDifference, 0, 1e-3);
        Assert.Equal(2.4459, d.ClosedForm![0], 4);
        Assert.Equal(4.0043, d.ClosedForm[1], 4);

        // 2/λmax = 0.0082383: why 0.0083 and 0.0085 fail while 0.001 converges.
        Assert.False(d.BoundIsEstimate);
        Assert.Equal(0.0082383, d.StableLrBound!.Value, 7);
    }

    [Fact]
    public void Diagnosing_leaves_the_run_where_it_started()
    {
        var run = new TrainingEngine().Prepare(Lecture000Tests.IceCreamSpec());
        run.Diagnose();
        var records = new List<EpochRecord>();
        run.Run(records.Add, CancellationToken.None);
        Assert.Equal([-5f, 10f], records[0].Weights);
        Assert.Equal(8587.6240, records[0].Loss, 3);
        Assert.Equal(2.4289, records[^1].Weights[0], 4);
    }

    [Theory]
    [InlineData("exp(b)", 0.0, 2.0)] // L'' = e^b = 1 at b = 0
    [InlineData("log(1 + exp(b)) + b^2", 0.0, 2.0 / 2.25)] // σ(0)(1 − σ(0)) + 2 = 2.25
    public void Functions_that_are_not_quadratic_get_an_estimated_bound_from_hessian_vector_products(string expression, double start, double bound)
    {
        var spec = new TrainingSpec(null, new ModelSpec(ModelKind.Function) { Expression = expression }, LossKind.Mse, new OptimizerSpec("sgd"), 0.01, 10, [start]);
        var d = new TrainingEngine().Prepare(spec).Diagnose();
        Assert.True(d.BoundIsEstimate);
        Assert.Equal(BoundKind.Estimated, d.Kind);
        Assert.Null(d.ClosedForm);
        Assert.Equal(bound, d.StableLrBound!.Value, 2);
        Assert.InRange(d.MaxRelativeDifference, 0, 1e-3);
    }
}
