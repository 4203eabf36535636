using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Analysis;

/// <summary>How a grid search did: the first resolution whose best point was within the target.</summary>
/// <param name="PointsPerAxis">The grid's points per weight (3, 5, 9, 17, …: each doubles the resolution).</param>
/// <param name="Evaluations">The loss evaluations that grid costs (PointsPerAxis^weights).</param>
public sealed record GridSearchResult(bool Reached, int PointsPerAxis, long Evaluations, LandscapePoint Best);

/// <summary>
/// Lecture 004 starts with grid search: evaluate the loss on a grid and take the best point. Refining the grid
/// (3, 5, 9, … points per weight) until its best point is within the target shows what that costs beside
/// gradient descent.
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
        for (var k = 3; ; k = (2 * k) - 1)
        {
            var evaluations = b is null ? k : (long)k * k;
            if (evaluations > maxEvaluations)
            {
                return last ?? new GridSearchResult(false, 0, 0, new LandscapePoint(float.NaN, float.NaN, float.NaN));
            }

            var grid = LossLandscape.Compute(
                run,
                held,
                new LandscapeAxis(a, names[a], LossLandscape.Linspace(aRange.Min, aRange.Max, k)),
                b is { } bi ? new LandscapeAxis(bi, names[bi], LossLandscape.Linspace(bRange.Min, bRange.Max, k)) : null,
                cancellationToken);
            last = new GridSearchResult(grid.Lowest.Loss <= target, k, evaluations, grid.Lowest);
            if (last.Reached)
            {
                return last;
            }
        }
    }
}
