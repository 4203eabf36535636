using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Analysis;

/// <summary>How a grid search did: the first grid whose best point was within the target.</summary>
/// <param name="PointsPerAxis">The grid's points along the first weight.</param>
/// <param name="Evaluations">The loss evaluations that grid costs (the product of its points per weight).</param>
/// <param name="Step">The grid's spacing along the first weight (1, 2 or 5 times a power of ten).</param>
public sealed record GridSearchResult(bool Reached, int PointsPerAxis, long Evaluations, LandscapePoint Best)
{
    public double Step { get; init; }
}

/// <summary>
/// Lecture 004 starts with grid search: "from −10 to 10 in small steps", evaluate the loss and take the best point.
/// The grid is refined as a person would step it — spacings 5, 2, 1, 0.5, 0.2, … on multiples of the spacing —
/// until its best point is within the target, which shows what that costs beside gradient descent (and lands on
/// round minima such as β = 2 exactly, as the lecture's search does).
/// </summary>
public static class GridSearch
{
    public static GridSearchResult Run(
        ITrainingRun run,
        ReadOnlySpan<float> held,
        int a,
        (double Min, double Max) aRange,
        int? b,
        (double Min, double Max) bRange,
        float target,
        long maxEvaluations,
        CancellationToken cancellationToken)
    {
        var names = run.ParamNames;
        GridSearchResult? last = null;
        for (var level = 0; level < 60; level++)
        {
            var aStep = Step(aRange, level);
            var aValues = Aligned(aRange, aStep);
            var bValues = b is null ? null : Aligned(bRange, Step(bRange, level));
            var evaluations = (long)aValues.Length * (bValues?.Length ?? 1);
            if (evaluations > maxEvaluations)
            {
                break;
            }

            var grid = LossLandscape.Compute(
                run,
                held,
                new LandscapeAxis(a, names[a], aValues),
                b is { } bi ? new LandscapeAxis(bi, names[bi], bValues!) : null,
                cancellationToken);
            last = new GridSearchResult(grid.Lowest.Loss <= target, aValues.Length, evaluations, grid.Lowest) { Step = aStep };
            if (last.Reached)
            {
                return last;
            }
        }

        return last ?? new GridSearchResult(false, 0, 0, new LandscapePoint(float.NaN, float.NaN, float.NaN));
    }

    /// <summary>
    /// The spacing at refinement <paramref name="level"/>: level 0 is the largest 1-2-5 step that still puts at
    /// least three points in the range; each level takes the next smaller one (…, 5, 2, 1, 0.5, 0.2, …).
    /// </summary>
    public static double Step((double Min, double Max) range, int level)
    {
        var span = range.Max - range.Min;
        var exponent = (int)Math.Floor(Math.Log10(span / 2));
        ReadOnlySpan<double> mantissas = [5, 2, 1];
        var steps = new List<double>();
        for (var e = exponent; steps.Count <= level + 3; e--)
        {
            foreach (var m in mantissas)
            {
                var s = m * Math.Pow(10, e);
                if (s <= span / 2)
                {
                    steps.Add(s);
                }
            }
        }

        return steps[level];
    }

    /// <summary>The finest stepped grid (<see cref="Step"/>, <see cref="Aligned"/>) with at most <paramref name="maxPoints"/> points.</summary>
    public static float[] Finest((double Min, double Max) range, int maxPoints)
    {
        var best = Aligned(range, Step(range, 0));
        for (var level = 1; level < 60; level++)
        {
            var step = Step(range, level);
            if ((range.Max - range.Min) / step + 1 > maxPoints)
            {
                break;
            }

            best = Aligned(range, step);
        }

        return best;
    }

    /// <summary>The multiples of <paramref name="step"/> inside the range (−10, −8, …, 10 for step 2 over [−10, 10]).</summary>
    public static float[] Aligned((double Min, double Max) range, double step)
    {
        var first = (long)Math.Ceiling((range.Min / step) - 1e-9);
        var lastIndex = (long)Math.Floor((range.Max / step) + 1e-9);
        var count = (int)Math.Max(1, lastIndex - first + 1);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            // k·step computed as k / (1/step) where 1/step is whole keeps 0.1-steps exact to float32 (0.3, not 0.30000000000000004).
            var k = first + i;
            values[i] = (float)(step < 1 ? k / Math.Round(1 / step) : k * step);
        }

        return values;
    }
}
