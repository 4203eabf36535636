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
    Module model, Plan plan, Tensor? yhat, Optimizer optimizer, int epochs, ColumnScaling yScaling, DataSet? leastSquares, LossKind loss) : ITrainingRun
{
    public IReadOnlyList<string> ParamNames => model.ParamNames;

    public Plan Plan => plan;

    public ParameterVector Parameters => model.Parameters();

    public StartDiagnostics Diagnose() => StartAnalysis.Analyse(plan, model.Parameters(), leastSquares, loss);

    public TrainingOutcome Run(Action<EpochRecord> onRecord, CancellationToken cancellationToken)
    {
        var stride = YhatSampling.Stride(epochs, yhat?.Length ?? 0);
        var loss = plan.Root;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            optimizer.ZeroGrad();
            plan.Forward();
            var record = Record(epoch, stride);
            onRecord(record);
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
        var end = float.IsFinite(last.Loss) ? TrainingEnd.Completed : TrainingEnd.Diverged;
        return new TrainingOutcome(end, epochs, last.Loss, last.Weights);

        EpochRecord Record(int epoch, int stride) => new(
            epoch,
            loss.Data[0],
            model.Parameters().Values.ToArray(),
            yhat is not null && YhatSampling.Keeps(epoch, epochs, stride) ? Original(yhat.Data) : null);

        float[] Original(ReadOnlySpan<float> values)
        {
            var result = values.ToArray();
            if (yScaling != ColumnScaling.Identity)
            {
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = yScaling.ToOriginal(result[i]);
                }
            }

            return result;
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
