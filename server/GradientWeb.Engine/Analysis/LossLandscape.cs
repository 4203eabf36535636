using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Analysis;

/// <summary>A weight's values along one side of a landscape grid.</summary>
public sealed record LandscapeAxis(int Index, string Name, float[] Values);

/// <summary>A point of a landscape: its weights on the two axes (B is 0 for one axis) and the loss there.</summary>
public sealed record LandscapePoint(float A, float B, float Loss);

/// <summary>
/// L over a grid of one or two weights, every other weight held at <see cref="Held"/>. <see cref="Loss"/>[j][i] is
/// the loss at (A[i], B[j]); with one axis it has one row.
/// </summary>
public sealed record LandscapeGrid(LandscapeAxis A, LandscapeAxis? B, float[][] Loss, float[] Held, LandscapePoint Lowest);

/// <summary>The loss landscape around an optimizer's path (lectures 000, 002, 003, 004).</summary>
public static class LossLandscape
{
    /// <summary>
    /// A range that holds the path with a margin: the path's extent (and any extra point, such as the closed-form
    /// minimum) widened by <paramref name="margin"/> of its span on each side, never narrower than a small span
    /// around its centre (a path that has not moved yet still gets a map).
    /// </summary>
    public static (double Min, double Max) RangeAround(IEnumerable<float> values, double margin = 0.15)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (float.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        if (!double.IsFinite(lo))
        {
            return (-1, 1);
        }

        var span = Math.Max(hi - lo, 0.5 * Math.Max(1, Math.Max(Math.Abs(lo), Math.Abs(hi))));
        var centre = (lo + hi) / 2;
        var half = (span / 2) + (margin * span);
        return (centre - half, centre + half);
    }

    /// <summary>Evenly spaced values from min to max, both included.</summary>
    public static float[] Linspace(double min, double max, int count) =>
        [.. Enumerable.Range(0, count).Select(i => (float)(count == 1 ? min : min + ((max - min) * i / (count - 1))))];

    /// <summary>Evaluates the loss on the grid. <paramref name="run"/> must be a freshly prepared run of the job.</summary>
    public static LandscapeGrid Compute(
        ITrainingRun run, ReadOnlySpan<float> held, LandscapeAxis a, LandscapeAxis? b, CancellationToken cancellationToken)
    {
        var weights = held.ToArray();
        var bValues = b?.Values ?? [0f];
        var loss = new float[bValues.Length][];
        var lowest = new LandscapePoint(float.NaN, float.NaN, float.PositiveInfinity);
        for (var j = 0; j < bValues.Length; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            loss[j] = new float[a.Values.Length];
            if (b is not null)
            {
                weights[b.Index] = bValues[j];
            }

            for (var i = 0; i < a.Values.Length; i++)
            {
                weights[a.Index] = a.Values[i];
                var l = run.LossAt(weights);
                loss[j][i] = l;
                if (l < lowest.Loss)
                {
                    lowest = new LandscapePoint(a.Values[i], bValues[j], l);
                }
            }
        }

        return new LandscapeGrid(a, b, loss, held.ToArray(), lowest);
    }
}
