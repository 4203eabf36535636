using GradientWeb.Engine.Losses;

namespace GradientWeb.Engine.Training;

/// <summary>
/// The per-epoch scores, computed in double from float32 ŷ as scikit-learn's <c>accuracy_score</c> and
/// <c>r2_score</c> would: accuracy for bce (class 1 when ŷ &gt; 0.5), R² for sse and mse.
/// </summary>
public static class Metrics
{
    public const float Threshold = 0.5f;

    /// <summary><c>accuracy</c> for bce, <c>r2</c> otherwise.</summary>
    public static string NameFor(LossKind loss) => loss == LossKind.Bce ? "accuracy" : "r2";

    public static float Score(LossKind loss, ReadOnlySpan<float> yhat, ReadOnlySpan<float> y) =>
        loss == LossKind.Bce ? Accuracy(yhat, y) : RSquared(yhat, y);

    public static float Accuracy(ReadOnlySpan<float> probability, ReadOnlySpan<float> y)
    {
        var right = 0;
        for (var i = 0; i < y.Length; i++)
        {
            right += (probability[i] > Threshold ? 1f : 0f) == y[i] ? 1 : 0;
        }

        return y.Length == 0 ? float.NaN : (float)((double)right / y.Length);
    }

    /// <summary>1 − SS_res / SS_tot; on constant y, 1 for a perfect fit and 0 otherwise (r2_score's force_finite).</summary>
    public static float RSquared(ReadOnlySpan<float> yhat, ReadOnlySpan<float> y)
    {
        if (y.Length == 0)
        {
            return float.NaN;
        }

        double mean = 0;
        foreach (var v in y)
        {
            mean += v;
        }

        mean /= y.Length;
        double residual = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            residual += ((double)y[i] - yhat[i]) * ((double)y[i] - yhat[i]);
            total += (y[i] - mean) * (y[i] - mean);
        }

        if (total == 0)
        {
            return residual == 0 ? 1f : 0f;
        }

        return (float)(1 - (residual / total));
    }
}
