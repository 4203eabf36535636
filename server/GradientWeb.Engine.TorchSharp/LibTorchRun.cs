using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GradientWeb.Engine.TorchSharp;

/// <summary>
/// One job on libtorch, in PyTorch's loop: zero_grad → forward → loss (recorded) → backward → step. Records,
/// predictions and losses at any weights come from libtorch. What libtorch has no counterpart for is answered by
/// our engine's run of the same spec: the replayed step (its computation graph is our graph, its optimizer state
/// named as PyTorch's), and in the start diagnostics the numeric gradient, closed form and λmax, which belong to the
/// problem, not the engine; the gradient there is libtorch's autograd, checked against those central differences.
/// </summary>
internal sealed class LibTorchRun(
    ITrainingRun reference,
    TorchModel model,
    PreparedData? prepared,
    OptimizerSpec optimizerSpec,
    double lr,
    int epochs,
    LossKind lossKind) : ITrainingRun
{
    private readonly ColumnScaling _yScaling = prepared?.Y ?? ColumnScaling.Identity;
    private bool _trained;

    public IReadOnlyList<string> ParamNames => reference.ParamNames;

    public StartDiagnostics Diagnose()
    {
        var ours = reference.Diagnose();
        float[] gradient;
        using (var scope = torch.NewDisposeScope())
        {
            var (x, y) = Data();
            foreach (var p in model.Parameters)
            {
                p.grad?.zero_();
            }

            LossOn(x, y).backward();
            gradient = model.Gradient();
            foreach (var p in model.Parameters)
            {
                p.grad?.zero_();
            }
        }

        return ours with
        {
            Gradient = gradient,
            MaxRelativeDifference = StartAnalysis.MaxRelativeDifference(gradient, ours.NumericGradient),
        };
    }

    public TrainingOutcome Run(Action<EpochRecord> onRecord, CancellationToken cancellationToken)
    {
        if (_trained)
        {
            throw new InvalidOperationException("This run has already trained; prepare another.");
        }

        _trained = true;
        using var data = torch.NewDisposeScope();
        var (x, y) = Data();
        using var optimizer = TorchOptimizers.Create(optimizerSpec, model.Parameters, lr);
        var stride = YhatSampling.Stride(epochs, prepared?.Data.Rows ?? 0);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var yhat = Forward(x);
            var loss = Loss(yhat, y);
            var record = Record(epoch, loss, yhat, stride);
            onRecord(record);
            if (!float.IsFinite(record.Loss))
            {
                return new TrainingOutcome(TrainingEnd.Diverged, epoch, record.Loss, record.Weights);
            }

            loss.backward();
            optimizer.step();
        }

        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            var yhat = Forward(x);
            var last = Record(epochs, Loss(yhat, y), yhat, stride);
            onRecord(last);
            var end = float.IsFinite(last.Loss) ? TrainingEnd.Completed : TrainingEnd.Diverged;
            return new TrainingOutcome(end, epochs, last.Loss, last.Weights);
        }
    }

    public float LossAt(ReadOnlySpan<float> weights)
    {
        model.Set(weights);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (x, y) = Data();
        return Loss(Forward(x), y).item<float>();
    }

    public float[] PredictAt(ReadOnlySpan<float> weights, IReadOnlyList<float[]> xColumns)
    {
        // Our engine checks the columns and scales them as the model saw its training data; libtorch predicts.
        if (prepared is null)
        {
            return reference.PredictAt(weights, xColumns); // throws: a function has no inputs
        }

        var scaled = prepared.ScaleInputs(xColumns);

        model.Set(weights);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var rows = scaled.Length == 0 ? 0 : scaled[0].Length;
        var (x, _) = LibTorchEngine.Tensors(new DataSet("grid", [.. prepared.Data.XColumns], "y", scaled, new float[rows]));
        return Original(model.Forward(x));
    }

    public StepInspection InspectStep(int epoch, CancellationToken cancellationToken) => reference.InspectStep(epoch, cancellationToken);

    private (Tensor? X, Tensor? Y) Data() => prepared is null ? (null, null) : LibTorchEngine.Tensors(prepared.Data);

    private Tensor Forward(Tensor? x) => model.Forward(x);

    private Tensor LossOn(Tensor? x, Tensor? y) => Loss(Forward(x), y);

    private Tensor Loss(Tensor yhat, Tensor? y) => y is null ? yhat.sum() : lossKind switch
    {
        LossKind.Sse => (y - yhat).pow(2).sum(),
        LossKind.Mse => torch.nn.functional.mse_loss(yhat, y),
        LossKind.Bce => torch.nn.functional.binary_cross_entropy(yhat, y),
        _ => throw new ArgumentOutOfRangeException(nameof(lossKind)),
    };

    // The metric as our engine scores it (Metrics: accuracy for bce, R² otherwise), on the training-space ŷ and y.
    private EpochRecord Record(int epoch, Tensor loss, Tensor yhat, int stride) => new(
        epoch,
        loss.item<float>(),
        model.Get(),
        prepared is not null && YhatSampling.Keeps(epoch, epochs, stride) ? Original(yhat) : null)
    {
        Metrics = prepared is null ? null : new EpochMetrics(
            Metrics.NameFor(lossKind),
            Metrics.Score(lossKind, yhat.detach().reshape(-1).data<float>().ToArray(), prepared.Data.Y),
            null),
    };

    private float[] Original(Tensor yhat)
    {
        var values = yhat.detach().reshape(-1).data<float>().ToArray();
        if (_yScaling != ColumnScaling.Identity)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = _yScaling.ToOriginal(values[i]);
            }
        }

        return values;
    }
}
