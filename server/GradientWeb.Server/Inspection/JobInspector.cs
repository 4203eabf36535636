using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Inspection;

/// <summary>
/// The run page's computed views of one job: each prepares a fresh run of the job's spec (never the one
/// training) and bounds its work by <see cref="LimitsOptions.MaxInspectionWork"/>. Bad parameters throw
/// <see cref="RequestValidationException"/> naming the query parameter.
/// </summary>
public sealed class JobInspector(ITrainingEngine engine, IJobStore store, IOptions<LimitsOptions> limits)
{
    public const int MaxLandscapeSize2D = 121;
    public const int MaxLandscapeSize1D = 1001;
    public const int MaxBoundarySize = 150;

    /// <summary>Path points whose loss exceeds this multiple of the start's are left out of the map's range, so a diverging run still gets a readable map of where it left.</summary>
    private const float RangeLossFactor = 100f;

    private long Budget => limits.Value.MaxInspectionWork;

    public (LandscapeGrid Grid, int Epoch) Landscape(Job job, LandscapeQuery query, CancellationToken cancellationToken)
    {
        var (a, b) = Axes(job, query.A, query.B);
        var record = RecordAt(job, query.Epoch);
        var rows = Rows(job);
        var size = query.Size ?? (b is null ? 201 : 41);
        var max = b is null ? MaxLandscapeSize1D : MaxLandscapeSize2D;
        if (size < 3 || size > max)
        {
            throw new RequestValidationException("size", $"size is the number of points per axis, 3 to {max}.");
        }

        // A big data set gets a coarser map rather than a refusal.
        while (size > 3 && Evaluations(size, b is not null) * rows > Budget)
        {
            size = (size * 3) / 4;
        }

        var (aRange, bRange) = Ranges(job, a, b, query);
        var grid = LossLandscape.Compute(
            engine.Prepare(job.Spec),
            record.Weights,
            new LandscapeAxis(a, job.ParamNames[a], LossLandscape.Linspace(aRange.Min, aRange.Max, size)),
            b is { } bi ? new LandscapeAxis(bi, job.ParamNames[bi], LossLandscape.Linspace(bRange.Min, bRange.Max, size)) : null,
            cancellationToken);
        return (grid, record.Epoch);
    }

    /// <summary>Grid search over the request's <c>view.domain</c> (else around the path, or the caller's bounds) beside gradient descent.</summary>
    public GridSearchComparison GridSearch(Job job, double? tolerance, CancellationToken cancellationToken, LandscapeQuery? bounds = null)
    {
        if (job.ParamNames.Count > 2)
        {
            throw new InspectionException($"Grid search is shown for models with one or two weights; this one has {job.ParamNames.Count}.");
        }

        if (tolerance is { } t && !(double.IsFinite(t) && t > 0))
        {
            throw new RequestValidationException("tolerance", "tolerance must be a positive number.");
        }

        var history = store.Records(job, 0, null);
        if (history.Count == 0)
        {
            throw new InspectionException("The job has no records yet.");
        }

        var twoWeights = job.ParamNames.Count == 2;
        int? b = twoWeights ? 1 : null;
        var (aRange, bRange) = Ranges(job, 0, b, bounds ?? new LandscapeQuery());
        var rows = Rows(job);
        var budget = Math.Max(9, Budget / rows);

        // The minimum to measure against: the closed form where there is one, else the best of the run and of a fine
        // grid on round multiples (so a round minimum such as β = 2 is on it).
        var held = history[0].Weights;
        var reference = history.Where(r => float.IsFinite(r.Loss)).Select(r => r.Loss).DefaultIfEmpty(float.PositiveInfinity).Min();
        var run = engine.Prepare(job.Spec);
        if (job.Snapshot().Diagnostics?.ClosedForm is { } closedForm)
        {
            reference = Math.Min(reference, run.LossAt([.. closedForm.Select(v => (float)v)]));
        }

        var fine = twoWeights ? 129 : 1025;
        if (Evaluations(fine, twoWeights) <= budget)
        {
            var grid = LossLandscape.Compute(
                run,
                held,
                new LandscapeAxis(0, job.ParamNames[0], Engine.Analysis.GridSearch.Finest(aRange, fine)),
                b is { } bi ? new LandscapeAxis(bi, job.ParamNames[bi], Engine.Analysis.GridSearch.Finest(bRange, fine)) : null,
                cancellationToken);
            reference = Math.Min(reference, grid.Lowest.Loss);
        }

        // Within 0.1% of the way from the start's loss down to the minimum, unless the caller says otherwise.
        var start = history[0].Loss;
        var tol = (float)(tolerance ?? Math.Max(0.001 * (start - reference), 1e-6 * Math.Max(1, Math.Abs(reference))));
        var target = reference + tol;
        var search = Engine.Analysis.GridSearch.Run(run, held, 0, aRange, b, bRange, target, budget, cancellationToken);
        var reachedAt = history.FirstOrDefault(r => r.Loss <= target);
        return new GridSearchComparison(reference, tol, target, search, reachedAt?.Epoch, reachedAt?.Loss) { Domain = twoWeights ? [[aRange.Min, aRange.Max], [bRange.Min, bRange.Max]] : [[aRange.Min, aRange.Max]] };
    }

    public StepInspection Step(Job job, int epoch, CancellationToken cancellationToken)
    {
        RecordAt(job, epoch); // the epoch must have been recorded
        if ((long)epoch * Rows(job) > Budget)
        {
            throw new RequestValidationException("epoch", $"Replaying {epoch} epochs on {Rows(job)} rows is more work than one request may do ({Budget}, Limits:MaxInspectionWork); inspect an earlier epoch.");
        }

        return engine.Prepare(job.Spec).InspectStep(epoch, cancellationToken);
    }

    /// <summary>
    /// ŷ at the job's own data points for any epoch: stored, or computed from the record's weights through the job's
    /// own training graph (a job stores ŷ only on a sample of epochs, <see cref="YhatSampling"/>), the same numbers.
    /// </summary>
    public (int Epoch, float[] Yhat) Predictions(Job job, int? epoch)
    {
        if (job.Spec.Data is null)
        {
            throw new InspectionException("A function model has no data to predict.");
        }

        var record = RecordAt(job, epoch);
        return (record.Epoch, record.Yhat ?? engine.Prepare(job.Spec).YhatAt(record.Weights));
    }

    public BoundaryGrid Boundary(Job job, int? epoch, int? size)
    {
        if (job.Spec.Data is not { Features: 2 } data)
        {
            throw new InspectionException("A decision boundary is drawn over two features; this job's data has " + (job.Spec.Data?.Features ?? 0) + ".");
        }

        var n = size ?? 50;
        if (n < 2 || n > MaxBoundarySize)
        {
            throw new RequestValidationException("size", $"size is the number of points per axis, 2 to {MaxBoundarySize}.");
        }

        var record = RecordAt(job, epoch);
        var x1 = Axis(data.X[0], n);
        var x2 = Axis(data.X[1], n);
        var c1 = new float[n * n];
        var c2 = new float[n * n];
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                c1[(j * n) + i] = x1[i];
                c2[(j * n) + i] = x2[j];
            }
        }

        var flat = engine.Prepare(job.Spec).PredictAt(record.Weights, [c1, c2]);
        var grid = new float[n][];
        for (var j = 0; j < n; j++)
        {
            grid[j] = flat[(j * n)..((j + 1) * n)];
        }

        return new BoundaryGrid(record.Epoch, data.XColumns, x1, x2, grid);

        // The data's extent with a 5% margin.
        static float[] Axis(float[] column, int count)
        {
            var lo = column.Min();
            var hi = column.Max();
            var pad = Math.Max(hi - lo, 1e-3f) * 0.05f;
            return LossLandscape.Linspace(lo - pad, hi + pad, count);
        }
    }

    private static (int A, int? B) Axes(Job job, int? a, int? b)
    {
        var count = job.ParamNames.Count;
        var ai = a ?? 0;
        if (ai < 0 || ai >= count)
        {
            throw new RequestValidationException("a", $"a is a weight's index, 0 to {count - 1} ({string.Join(", ", job.ParamNames)}).");
        }

        if (count == 1)
        {
            return b is null or 0 ? (ai, null) : throw new RequestValidationException("b", "This model has one weight: leave b out.");
        }

        var bi = b ?? (ai == 0 ? 1 : 0);
        if (bi < 0 || bi >= count || bi == ai)
        {
            throw new RequestValidationException("b", $"b is another weight's index than a, 0 to {count - 1}.");
        }

        return (ai, bi);
    }

    // A finished job is read back from storage without its records, so the count comes from its state.
    private EpochRecord RecordAt(Job job, int? epoch)
    {
        var last = job.Snapshot().EpochsDone;
        var k = epoch ?? last;
        if (k < 0 || k > last)
        {
            throw new RequestValidationException("epoch", $"epoch must be 0 to {last}, the records so far.");
        }

        var found = store.Records(job, k, k + 1);
        return found.Count == 1 ? found[0] : throw new InspectionException("The job has no records yet.");
    }

    // The map around the path so far (and the closed-form minimum); explicit bounds override either side.
    private (AxisRange A, AxisRange B) Ranges(Job job, int a, int? b, LandscapeQuery query)
    {
        var history = store.Records(job, 0, null);
        var cap = history.Count > 0 && float.IsFinite(history[0].Loss) ? Math.Max(history[0].Loss, 1e-12f) * RangeLossFactor : float.PositiveInfinity;
        var path = history.Where(r => float.IsFinite(r.Loss) && r.Loss <= cap).Select(r => r.Weights).ToList();
        if (job.Snapshot().Diagnostics?.ClosedForm is { } closedForm)
        {
            path.Add([.. closedForm.Select(v => (float)v)]);
        }

        // The lecture's own axes (the request's view.domain) come first: the map a student saw in the notes.
        var view = TrainRequest.Read(job.Request).View;
        var aRange = AxisRange.Of(view?.DomainOf(job.ParamNames[a]) ?? LossLandscape.RangeAround(path.Select(w => w[a])), query.AMin, query.AMax, "aMin", "aMax");
        var bRange = b is { } bi
            ? AxisRange.Of(view?.DomainOf(job.ParamNames[bi]) ?? LossLandscape.RangeAround(path.Select(w => w[bi])), query.BMin, query.BMax, "bMin", "bMax")
            : default;
        return (aRange, bRange);
    }

    private static long Evaluations(int size, bool twoAxes) => twoAxes ? (long)size * size : size;

    private static long Rows(Job job) => Math.Max(1, job.Spec.Data?.Rows ?? 1);

    private readonly record struct AxisRange(double Min, double Max)
    {
        public static implicit operator (double Min, double Max)(AxisRange r) => (r.Min, r.Max);

        public static AxisRange Of((double Min, double Max) around, double? min, double? max, string minName, string maxName)
        {
            foreach (var (value, name) in new[] { (min, minName), (max, maxName) })
            {
                if (value is { } v && !double.IsFinite(v))
                {
                    throw new RequestValidationException(name, $"{name} must be a finite number.");
                }
            }

            var r = new AxisRange(min ?? around.Min, max ?? around.Max);
            return r.Min < r.Max ? r : throw new RequestValidationException(maxName, $"{maxName} must be greater than {minName}.");
        }
    }
}

/// <summary>The landscape endpoint's query: weights by index, the epoch whose other weights are held, the grid.</summary>
public sealed record LandscapeQuery(int? A = null, int? B = null, int? Epoch = null, int? Size = null, double? AMin = null, double? AMax = null, double? BMin = null, double? BMax = null);

/// <summary>Grid search and gradient descent measured against the same minimum and target.</summary>
public sealed record GridSearchComparison(float Reference, float Tolerance, float Target, GridSearchResult Grid, int? GradientDescentEpoch, float? GradientDescentLoss)
{
    /// <summary>The range searched per weight, [min, max].</summary>
    public IReadOnlyList<double[]> Domain { get; init; } = [];
}

/// <summary>ŷ over the (x1, x2) plane: <see cref="Yhat"/>[j][i] at (X1[i], X2[j]).</summary>
public sealed record BoundaryGrid(int Epoch, IReadOnlyList<string> Columns, float[] X1, float[] X2, float[][] Yhat);
