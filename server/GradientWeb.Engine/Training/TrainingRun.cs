using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Optim;

namespace GradientWeb.Engine.Training;

/// <summary>
/// A compiled job: the graph as a <see cref="Plan"/>, its optimizer, and PyTorch's loop — full-batch (one step per
/// epoch on the training rows) or over a DataLoader's mini-batches (<paramref name="batches"/>). A full-batch run
/// makes only the records the job keeps (<paramref name="recordEvery"/>, <see cref="RecordSampling"/>): an epoch whose
/// record would be dropped copies no weights and allocates nothing.
/// </summary>
internal sealed class TrainingRun(
    Module model,
    Plan plan,
    EpochRecorder recorder,
    MiniBatchLoop? batches,
    Optimizer optimizer,
    int epochs,
    PreparedData? prepared,
    DataSet? leastSquares,
    LossKind loss,
    AnalysisSettings analysis,
    int recordEvery = 1) : ITrainingRun
{
    private readonly ColumnScaling _yScaling = prepared?.Y ?? ColumnScaling.Identity;
    private bool _stepped;

    public IReadOnlyList<string> ParamNames => model.ParamNames;

    public Plan Plan => plan;

    public ParameterVector Parameters => model.Parameters();

    /// <summary>Optimizer steps per epoch: 1 for full-batch, len(loader) for mini-batches.</summary>
    public int StepsPerEpoch => batches?.StepsPerEpoch ?? 1;

    /// <summary>Rows × weights: what one forward pass costs, roughly, and so what the start analysis's hundreds cost.</summary>
    internal long AnalysisWork => (long)Math.Max(1, prepared?.Data.Rows ?? 1) * model.Parameters().Count;

    public StartDiagnostics Diagnose()
    {
        // Hundreds of forward passes on the job's plan: they hold a core like the training they precede, so another
        // job's products do not split over it meanwhile (nor these over that job's).
        using var busy = CoreBudget.Enter();
        return Analyse(CancellationToken.None);
    }

    /// <summary>The start analysis on a core the caller already counts as busy (<see cref="StartDiagnosis"/>).</summary>
    internal StartDiagnostics Analyse(CancellationToken cancellationToken) =>
        StartAnalysis.Analyse(plan, model.Parameters(), leastSquares, loss, analysis.ConstantHessian, analysis.Lr, analysis.Optimizer, cancellationToken);

    public TrainingOutcome Run(IRecordSink sink, CancellationToken cancellationToken)
    {
        Claim();
        using var busy = CoreBudget.Enter();
        // Every record passes the trend on its way out (the writer adds it): a run whose loss grows over its last
        // epochs is diverging.
        var trend = new LossTrend();
        var records = (long)epochs / Math.Max(1, recordEvery) + 2;
        var writer = new RecordWriter(sink, model.Parameters().Count, recorder.Rows, records, Math.Max(1, recorder.YhatStride / Math.Max(1, recordEvery)), trend);
        var outcome = batches is null ? RunFullBatch(writer, trend, cancellationToken) : RunMiniBatches(batches, writer, trend, cancellationToken);
        return outcome with { LossGrowing = trend.Growing };
    }

    // zero → forward → backward → record → step: the record's loss is the forward of the step it precedes, and its
    // weights are still those (the plan may compute the loss after the gradients, Plan.ForwardBackward).
    private TrainingOutcome RunFullBatch(RecordWriter writer, LossTrend trend, CancellationToken cancellationToken)
    {
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            optimizer.ZeroGrad();
            plan.ForwardBackward();
            var loss = plan.Root.Data[0];
            if (!RecordSampling.Keeps(epoch, loss, epochs, recordEvery))
            {
                trend.Add(loss);
            }
            else
            {
                recorder.Record(writer, epoch, null);
                if (!float.IsFinite(loss))
                {
                    return writer.Outcome();
                }
            }

            optimizer.Step();
        }

        plan.Forward();
        recorder.Record(writer, epochs, null);
        return writer.Outcome();
    }

    // Record k: θ after k epochs of batch steps and L(θₖ) on every training row; the steps themselves ride along.
    private TrainingOutcome RunMiniBatches(MiniBatchLoop loop, RecordWriter writer, LossTrend trend, CancellationToken cancellationToken)
    {
        var parameters = model.Parameters();
        var steps = loop.StepsPerEpoch;
        var stride = YhatSampling.StepStride(epochs, steps * (parameters.Count + 1));
        plan.Forward();
        recorder.Record(writer, 0, null);
        var loss = plan.Root.Data[0];
        for (var epoch = 1; epoch <= epochs && float.IsFinite(loss); epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            BatchSteps? kept = null;
            if (YhatSampling.Keeps(epoch, epochs, stride))
            {
                kept = new BatchSteps(new float[steps], [.. Enumerable.Range(0, steps).Select(_ => new float[parameters.Count])]);
            }

            loop.RunEpoch(optimizer, parameters, kept is null ? [] : kept.Losses, kept?.Weights);
            plan.Forward();
            loss = plan.Root.Data[0];
            if (RecordSampling.Keeps(epoch, loss, epochs, recordEvery))
            {
                recorder.Record(writer, epoch, kept);
            }
            else
            {
                trend.Add(loss);
            }
        }

        return writer.Outcome();
    }

    public float LossAt(ReadOnlySpan<float> weights)
    {
        weights.CopyTo(model.Parameters().Values);
        plan.Forward();
        return plan.Root.Data[0];
    }

    public float[] YhatAt(ReadOnlySpan<float> weights)
    {
        weights.CopyTo(model.Parameters().Values);
        plan.Forward();
        return recorder.PredictionsNow();
    }

    public float[] PredictAt(ReadOnlySpan<float> weights, IReadOnlyList<float[]> xColumns)
    {
        if (prepared is null)
        {
            throw new SpecException("dataset", "A function model has no inputs to predict at.");
        }

        var scaled = prepared.ScaleInputs(xColumns);

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
        using var busy = CoreBudget.Enter();
        var parameters = model.Parameters();
        for (var k = 0; k < epoch; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batches is null)
            {
                StepOnce();
            }
            else
            {
                batches.RunEpoch(optimizer, parameters, [], null);
            }
        }

        // With mini-batches the step shown is the next epoch's first batch step.
        var stepPlan = plan;
        if (batches is not null)
        {
            batches.BeginEpoch();
            stepPlan = batches.Load(0);
        }

        optimizer.ZeroGrad();
        stepPlan.Forward();
        stepPlan.Backward();
        var weights = parameters.Values.ToArray();
        var gradient = parameters.Grads.ToArray();
        var graph = GraphSnapshot.From(stepPlan);
        var before = optimizer.State();
        optimizer.Step();
        var after = parameters.Values.ToArray();
        var update = new float[after.Length];
        for (var i = 0; i < update.Length; i++)
        {
            update[i] = after[i] - weights[i];
        }

        return new StepInspection(epoch, stepPlan.Root.Data[0], weights, gradient, before, optimizer.State(), update, after, epoch < epochs, graph);
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

    /// <summary>One epoch of mini-batch steps without recording (benchmarks and allocation tests).</summary>
    internal void EpochOnce() => (batches ?? throw new InvalidOperationException("This run is full-batch.")).RunEpoch(optimizer, model.Parameters(), [], null);

    /// <summary>One optimisation step without recording (benchmarks and allocation tests).</summary>
    internal float StepOnce()
    {
        optimizer.ZeroGrad();
        plan.ForwardBackward();
        optimizer.Step();
        return plan.Root.Data[0];
    }
}

/// <summary>What the start analysis needs beyond the graph: a constant Hessian when one is known, α and the optimizer.</summary>
internal sealed record AnalysisSettings(double[,]? ConstantHessian, double Lr, OptimizerSpec Optimizer);
