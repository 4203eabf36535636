using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Optim;

namespace GradientWeb.Engine.Training;

/// <summary>
/// A compiled job: the graph as a <see cref="Plan"/>, its optimizer, and PyTorch's loop. ŷ is reported on the
/// original scale (<paramref name="yScaling"/>) when the data were preprocessed.
/// </summary>
internal sealed class TrainingRun(
    Module model,
    Plan plan,
    Tensor? yhat,
    Optimizer optimizer,
    int epochs,
    PreparedData? prepared,
    DataSet? leastSquares,
    LossKind loss,
    AnalysisSettings analysis) : ITrainingRun
{
    private readonly ColumnScaling _yScaling = prepared?.Y ?? ColumnScaling.Identity;
    private bool _stepped;

    public IReadOnlyList<string> ParamNames => model.ParamNames;

    public Plan Plan => plan;

    public ParameterVector Parameters => model.Parameters();

    public StartDiagnostics Diagnose() => StartAnalysis.Analyse(plan, model.Parameters(), leastSquares, loss, analysis.ConstantHessian, analysis.Lr, analysis.Optimizer);

    public TrainingOutcome Run(Action<EpochRecord> onRecord, CancellationToken cancellationToken)
    {
        Claim();
        var stride = YhatSampling.Stride(epochs, yhat?.Length ?? 0);
        var loss = plan.Root;
        var trend = new LossTrend();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            optimizer.ZeroGrad();
            plan.Forward();
            var record = Record(epoch, stride);
            onRecord(record);
            trend.Add(record.Loss);
            if (!float.IsFinite(record.Loss))
            {
                return new TrainingOutcome(TrainingEnd.Diverged, epoch, record.Loss, record.Weights);
            }

            plan.Backward();
            optimizer.Step();
        }

        plan.Forward();
        var last = Record(epochs, stride);
        onRecord(last);
        trend.Add(last.Loss);
        var end = float.IsFinite(last.Loss) ? TrainingEnd.Completed : TrainingEnd.Diverged;
        return new TrainingOutcome(end, epochs, last.Loss, last.Weights) { LossGrowing = trend.Growing };

        EpochRecord Record(int epoch, int stride) => new(
            epoch,
            loss.Data[0],
            model.Parameters().Values.ToArray(),
            yhat is not null && YhatSampling.Keeps(epoch, epochs, stride) ? Original(yhat.Data) : null);

        float[] Original(ReadOnlySpan<float> values)
        {
            var result = values.ToArray();
            ToOriginal(result);
            return result;
        }
    }

    public float LossAt(ReadOnlySpan<float> weights)
    {
        weights.CopyTo(model.Parameters().Values);
        plan.Forward();
        return plan.Root.Data[0];
    }

    public float[] PredictAt(ReadOnlySpan<float> weights, IReadOnlyList<float[]> xColumns)
    {
        if (prepared is null)
        {
            throw new SpecException("dataset", "A function model has no inputs to predict at.");
        }

        if (xColumns.Count != prepared.X.Count)
        {
            throw new SpecException("x", $"This model takes {prepared.X.Count} feature columns, not {xColumns.Count}.");
        }

        // The model sees inputs as it saw its training data: scaled by that data's means and deviations.
        var scaled = new float[xColumns.Count][];
        for (var j = 0; j < scaled.Length; j++)
        {
            var s = prepared.X[j];
            scaled[j] = [.. xColumns[j].Select(v => (v - s.Mean) / s.Scale)];
        }

        weights.CopyTo(model.Parameters().Values);
        var output = new Plan(model.Forward(Tensor.FromColumns(scaled, "x")));
        output.Forward();
        var result = output.Root.Data.ToArray();
        ToOriginal(result);
        return result;
    }

    public StepInspection InspectStep(int epoch, CancellationToken cancellationToken)
    {
        if (epoch < 0 || epoch > epochs)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), $"This job has records 0…{epochs}.");
        }

        Claim();
        for (var k = 0; k < epoch; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            StepOnce();
        }

        var parameters = model.Parameters();
        optimizer.ZeroGrad();
        plan.Forward();
        plan.Backward();
        var weights = parameters.Values.ToArray();
        var gradient = parameters.Grads.ToArray();
        var graph = GraphSnapshot.From(plan);
        var before = optimizer.State();
        optimizer.Step();
        var after = parameters.Values.ToArray();
        var update = new float[after.Length];
        for (var i = 0; i < update.Length; i++)
        {
            update[i] = after[i] - weights[i];
        }

        return new StepInspection(epoch, plan.Root.Data[0], weights, gradient, before, optimizer.State(), update, after, epoch < epochs, graph);
    }

    // The optimizer's state cannot be rewound: a run trains or replays once.
    private void Claim()
    {
        if (_stepped)
        {
            throw new InvalidOperationException("This run has already trained or replayed; prepare another.");
        }

        _stepped = true;
    }

    private void ToOriginal(Span<float> values)
    {
        if (_yScaling != ColumnScaling.Identity)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = _yScaling.ToOriginal(values[i]);
            }
        }
    }

    /// <summary>One optimisation step without recording (benchmarks and allocation tests).</summary>
    internal float StepOnce()
    {
        optimizer.ZeroGrad();
        plan.Forward();
        plan.Backward();
        optimizer.Step();
        return plan.Root.Data[0];
    }
}

/// <summary>What the start analysis needs beyond the graph: a constant Hessian when one is known, α and the optimizer.</summary>
internal sealed record AnalysisSettings(double[,]? ConstantHessian, double Lr, OptimizerSpec Optimizer);
