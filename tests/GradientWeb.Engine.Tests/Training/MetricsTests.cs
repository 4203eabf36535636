using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Training;

/// <summary>The per-epoch scores against hand computations as scikit-learn defines them.</summary>
public sealed class MetricsTests
{
    [Fact]
    public void Accuracy_counts_a_probability_above_one_half_as_class_one()
    {
        // predictions 1, 0, 0 (0.5 is not above the threshold), 1 against labels 1, 0, 1, 0: two of four right.
        Assert.Equal(0.5f, Metrics.Accuracy([0.9f, 0.1f, 0.5f, 0.7f], [1f, 0f, 1f, 0f]));
    }

    [Fact]
    public void R_squared_is_one_minus_residual_over_total_sum_of_squares()
    {
        // y = 1, 2, 3 (mean 2, SS_tot 2), ŷ = 1, 2, 4 (SS_res 1): r2_score = 0.5.
        Assert.Equal(0.5f, Metrics.RSquared([1f, 2f, 4f], [1f, 2f, 3f]), 6);
        Assert.Equal(1f, Metrics.RSquared([5f, 5f], [5f, 5f]));
        Assert.Equal(0f, Metrics.RSquared([4f, 5f], [5f, 5f]));
    }
}
