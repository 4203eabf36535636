using System.Runtime.Intrinsics;
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
    public void Accuracy_over_any_number_of_rows_is_the_row_by_row_count()
    {
        // Every length through two 16-lane blocks, an 8-lane block and a tail; 0.5 itself and values beside it included.
        var random = new Random(23);
        for (var n = 1; n < 60; n++)
        {
            var p = Enumerable.Range(0, n).Select(_ => random.Next(4) == 0 ? 0.5f : (float)random.NextDouble()).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => (float)random.Next(2)).ToArray();
            var right = p.Zip(y).Count(pair => (pair.First > 0.5f ? 1f : 0f) == pair.Second);
            Assert.Equal((float)((double)right / n), Metrics.Accuracy(p, y));
        }
    }

    [Fact]
    public void R_squared_is_one_minus_residual_over_total_sum_of_squares()
    {
        // y = 1, 2, 3 (mean 2, SS_tot 2), ŷ = 1, 2, 4 (SS_res 1): r2_score = 0.5.
        Assert.Equal(0.5f, Metrics.RSquared([1f, 2f, 4f], [1f, 2f, 3f]), 6);
        Assert.Equal(1f, Metrics.RSquared([5f, 5f], [5f, 5f]));
        Assert.Equal(0f, Metrics.RSquared([4f, 5f], [5f, 5f]));
    }

    [Fact]
    public void R_squared_against_a_spread_computed_once_is_bit_for_bit_the_one_pass_r_squared()
    {
        var random = new Random(19);
        for (var n = 1; n < 70; n++)
        {
            var y = Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 200) - 100)).ToArray();
            var spread = Metrics.SpreadOf(y);
            for (var trial = 0; trial < 5; trial++)
            {
                var yhat = y.Select(v => v + (float)(random.NextDouble() - 0.5)).ToArray();
                Assert.Equal(OnePass(yhat, y), Metrics.RSquared(yhat, y, spread));
                Assert.Equal(OnePass(yhat, y), Metrics.Score(Losses.LossKind.Sse, yhat, y, spread));
            }
        }
    }

    // R² as it was computed before y's side was kept: SS_res and SS_tot summed in one pass, every epoch.
    private static float OnePass(ReadOnlySpan<float> yhat, ReadOnlySpan<float> y)
    {
        Vector256<double> s = default, a = default, b = default;
        var i = 0;
        for (; i + 8 <= y.Length; i += 8)
        {
            var (y0, y1) = Vector256.Widen(Vector256.Create(y[i..]));
            s += y0 + y1;
        }

        var sum = Vector256.Sum(s);
        for (; i < y.Length; i++)
        {
            sum += y[i];
        }

        var mean = sum / y.Length;
        var m = Vector256.Create(mean);
        for (i = 0; i + 8 <= y.Length; i += 8)
        {
            var (y0, y1) = Vector256.Widen(Vector256.Create(y[i..]));
            var (p0, p1) = Vector256.Widen(Vector256.Create(yhat[i..]));
            var (r0, r1, t0, t1) = (y0 - p0, y1 - p1, y0 - m, y1 - m);
            a += (r0 * r0) + (r1 * r1);
            b += (t0 * t0) + (t1 * t1);
        }

        var (sa, sb) = (Vector256.Sum(a), Vector256.Sum(b));
        for (; i < y.Length; i++)
        {
            var (r, t) = ((double)y[i] - yhat[i], y[i] - mean);
            (sa, sb) = (sa + (r * r), sb + (t * t));
        }

        return sb == 0 ? (sa == 0 ? 1f : 0f) : (float)(1 - (sa / sb));
    }
}
