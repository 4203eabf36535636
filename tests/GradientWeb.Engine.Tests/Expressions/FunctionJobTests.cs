using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Expressions;

/// <summary>Lectures 002 and 004 minimise functions directly.</summary>
public sealed class FunctionJobTests
{
    private static List<EpochRecord> Run(string expression, double lr, int epochs, params double[] init)
    {
        var spec = new TrainingSpec(null, new ModelSpec(ModelKind.Function) { Expression = expression }, LossKind.Mse, new OptimizerSpec("sgd"), lr, epochs, init);
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(spec).Run(records.Add, CancellationToken.None);
        return records;
    }

    [Fact]
    public void Lecture_004_beta_from_minus_10_at_alpha_0_01_over_6_matches_the_printed_steps()
    {
        // The notes print TensorFlow's float32 β after 1, 2, 100, 1000 and 10000 steps.
        var records = Run("(b/2 - 1)^2", 0.01 / 6, 10_000, -10);
        Assert.Equal(-9.99, records[1].Weights[0], 4);
        Assert.Equal(-9.980008, records[2].Weights[0], 4);
        Assert.Equal(-9.040152, records[100].Weights[0], 3);
        Assert.Equal(-3.2133687, records[1000].Weights[0], 3);
        Assert.Equal(1.997125, records[10_000].Weights[0], 3);
        Assert.Equal(36f, records[0].Loss);
        Assert.All(records, r => Assert.Null(r.Yhat));
    }

    [Fact]
    public void Lecture_004_alpha_4_05_diverges_and_3_9_zigzags_to_the_minimum()
    {
        var zigzag = Run("(b/2 - 1)^2", 3.9, 100, -10);
        Assert.True(zigzag[1].Weights[0] > 2 && zigzag[2].Weights[0] < 2, "3.9 overshoots back and forth");
        Assert.InRange(Math.Abs(zigzag[^1].Weights[0] - 2), 0, 0.1); // |1 − 3.9/2|¹⁰⁰ · 12 ≈ 0.07

        var diverging = Run("(b/2 - 1)^2", 4.05, 100, -10);
        Assert.True(diverging[^1].Loss > diverging[0].Loss * 10, "4.05 grows: |1 − α/2| > 1");
    }

    [Fact]
    public void Lecture_002_u_v_from_4_4_follows_the_analytic_gradient_path()
    {
        var records = Run("3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10", 0.05, 21, 4, 4);
        double u = 4, v = 4;
        for (var k = 1; k <= 21; k++)
        {
            (u, v) = (u - (0.05 * ((6 * u) - v + 7)), v - (0.05 * ((6 * v) - u - 7)));
            Assert.Equal(u, records[k].Weights[0], 4);
            Assert.Equal(v, records[k].Weights[1], 4);
        }

        Assert.InRange(records[^1].Weights[0], -1.05, -0.95); // heading for the minimum (−1, 1)
        Assert.InRange(records[^1].Weights[1], 0.95, 1.05);
    }

    [Fact]
    public void A_bad_expression_is_a_spec_error_on_model_expression()
    {
        var ex = Assert.Throws<SpecException>(() => Run("3*u^", 0.1, 1, 0));
        Assert.Equal("model.expression", ex.Field);
        Assert.Contains("position 4", ex.Message, StringComparison.Ordinal);
    }
}
