using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>
    /// As <see cref="Score(LossKind, ReadOnlySpan{float}, ReadOnlySpan{float})"/> with y's side of R² computed once
    /// (<see cref="SpreadOf"/>): a run's targets never change, and summing them again every epoch was half of
    /// lecture 000's recording on the training thread. The same numbers.
    /// </summary>
    public static float Score(LossKind loss, ReadOnlySpan<float> yhat, ReadOnlySpan<float> y, Spread spread) =>
        loss == LossKind.Bce ? Accuracy(yhat, y) : RSquared(yhat, y, spread);

    /// <summary>
    /// The share of rows whose class (ŷ &gt; 0.5) equals y; sixteen or eight rows at a time (a count, so the order is
    /// exact). It runs on every record a bce job keeps, on the training thread.
    /// </summary>
    public static float Accuracy(ReadOnlySpan<float> probability, ReadOnlySpan<float> y)
    {
        if (probability.Length != y.Length)
        {
            throw new ArgumentException("accuracy: ŷ and y differ in length.");
        }

        ref var p0 = ref MemoryMarshal.GetReference(probability);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var right = 0;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= y.Length; i += 16)
            {
                var predicted = Vector512.GreaterThan(Vector512.LoadUnsafe(ref p0, (nuint)i), Vector512.Create(Threshold)) & Vector512<float>.One;
                right += BitOperations.PopCount(Vector512.Equals(predicted, Vector512.LoadUnsafe(ref y0, (nuint)i)).ExtractMostSignificantBits());
            }
        }

        for (; i + 8 <= y.Length; i += 8)
        {
            var predicted = Vector256.GreaterThan(Vector256.LoadUnsafe(ref p0, (nuint)i), Vector256.Create(Threshold)) & Vector256<float>.One;
            right += BitOperations.PopCount(Vector256.Equals(predicted, Vector256.LoadUnsafe(ref y0, (nuint)i)).ExtractMostSignificantBits());
        }

        for (; i < y.Length; i++)
        {
            right += (probability[i] > Threshold ? 1f : 0f) == y[i] ? 1 : 0;
        }

        return y.Length == 0 ? float.NaN : (float)((double)right / y.Length);
    }

    /// <summary>y's mean and SS_tot = Σ (y − mean)², in double.</summary>
    public readonly record struct Spread(double Mean, double Total);

    /// <summary>y's side of R² (<see cref="Spread"/>), summed as <see cref="RSquared(ReadOnlySpan{float}, ReadOnlySpan{float})"/> sums it.</summary>
    public static Spread SpreadOf(ReadOnlySpan<float> y)
    {
        var (sum, _) = Sums(y, y, 0, squares: false);
        var mean = sum / y.Length;
        var (_, total) = Sums(y, y, mean, squares: true);
        return new Spread(mean, total);
    }

    /// <summary>
    /// 1 − SS_res / SS_tot in double, four rows to a vector (it runs every epoch: a per-row loop cost as much as
    /// lecture 000's whole step); on constant y, 1 for a perfect fit and 0 otherwise (r2_score's force_finite).
    /// </summary>
    public static float RSquared(ReadOnlySpan<float> yhat, ReadOnlySpan<float> y) =>
        y.Length == 0 ? float.NaN : RSquared(yhat, y, SpreadOf(y));

    /// <summary>R² against y's <paramref name="spread"/> (<see cref="SpreadOf"/> of the same y).</summary>
    public static float RSquared(ReadOnlySpan<float> yhat, ReadOnlySpan<float> y, Spread spread)
    {
        if (y.Length == 0)
        {
            return float.NaN;
        }

        // Each sum adds its own terms in the same order whether or not the other is summed beside it, so SS_res alone
        // is the SS_res of the pass that summed both.
        var (residual, _) = Sums(yhat, y, 0, squares: true, total: false);
        var total = spread.Total;
        if (total == 0)
        {
            return residual == 0 ? 1f : 0f;
        }

        return (float)(1 - (residual / total));
    }

    // squares: (Σ (y − ŷ)², Σ (y − mean)², the latter only with total); otherwise (Σ y, 0).
    private static (double A, double B) Sums(ReadOnlySpan<float> yhat, ReadOnlySpan<float> y, double mean, bool squares, bool total = true)
    {
        Vector256<double> a = default, b = default;
        var m = Vector256.Create(mean);
        var i = 0;
        for (; i + 8 <= y.Length; i += 8)
        {
            var (y0, y1) = Vector256.Widen(Vector256.Create(y[i..]));
            if (!squares)
            {
                a += y0 + y1;
                continue;
            }

            var (p0, p1) = Vector256.Widen(Vector256.Create(yhat[i..]));
            var (r0, r1) = (y0 - p0, y1 - p1);
            a += (r0 * r0) + (r1 * r1);
            if (total)
            {
                var (t0, t1) = (y0 - m, y1 - m);
                b += (t0 * t0) + (t1 * t1);
            }
        }

        var (sa, sb) = (Vector256.Sum(a), Vector256.Sum(b));
        for (; i < y.Length; i++)
        {
            var (r, t) = ((double)y[i] - yhat[i], y[i] - mean);
            (sa, sb) = squares ? (sa + (r * r), total ? sb + (t * t) : sb) : (sa + y[i], sb);
        }

        return (sa, sb);
    }
}
