using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GradientWeb.Engine.TorchSharp;

/// <summary>
/// One job on libtorch, in PyTorch's loop: zero_grad → forward → loss (recorded) → backward → step, once per epoch on
/// the training rows or once per DataLoader batch (<paramref name="loader"/>: our engine's sampler, so both engines
/// see the same batches in the same order). Records, predictions and losses at any weights come from libtorch. What
/// libtorch has no counterpart for is answered by our engine's run of the same spec: the replayed step (its
/// computation graph is our graph, its optimizer state named as PyTorch's), and in the start diagnostics the numeric
/// gradient, closed form and λmax, which belong to the problem, not the engine; the gradient there is libtorch's
/// autograd, checked against those central differences.
/// </summary>
internal sealed class LibTorchRun(
    ITrainingRun reference,
    TorchModel model,
    PreparedData? prepared,
    TorchRows? rows,
    DataLoaderBatches? loader,
    OptimizerSpec optimizerSpec,
    double lr,
    int epochs,
    LossKind lossKind,
    int recordEvery = 1) : ITrainingRun
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
            var data = Data();
            foreach (var p in model.Parameters)
            {
                p.grad?.zero_();
            }

            Loss(Forward(data.X), data.Y).backward();
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

    // libtorch's records are made as objects (read out of its tensors); they are copied into blocks as our engine's
    // are, the records the spec keeps only, so a server stores and sends both engines' runs alike.
    public TrainingOutcome Run(IRecordSink sink, CancellationToken cancellationToken)
    {
        var rowCount = rows?.Rows ?? 0;
        var writer = new RecordWriter(sink, model.Count, rowCount, ((long)epochs / Math.Max(1, recordEvery)) + 2, Math.Max(1, YhatSampling.Stride(epochs, rowCount, recordEvery) / Math.Max(1, recordEvery)));
        return Run(
            record =>
            {
                if (RecordSampling.Keeps(record, epochs, recordEvery))
                {
                    writer.Add(record);
                }
            },
            cancellationToken);
    }

    private TrainingOutcome Run(Action<EpochRecord> onRecord, CancellationToken cancellationToken)
    {
        if (_trained)
        {
            throw new InvalidOperationException("This run has already trained; prepare another.");
        }

        _trained = true;

        // Every record passes the trend on its way out, as on our engine: a loss growing over the last epochs is diverging.
        var trend = new LossTrend();
        void Record(EpochRecord record)
        {
            trend.Add(record.Loss);
            onRecord(record);
        }

        using var scope = torch.NewDisposeScope();
        var data = Data();
        using var optimizer = TorchOptimizers.Create(optimizerSpec, model.Parameters, lr);
        var outcome = loader is null
            ? RunFullBatch(data, optimizer, Record, cancellationToken)
            : RunMiniBatches(data, loader, optimizer, Record, cancellationToken);
        return outcome with { LossGrowing = trend.Growing };
    }

    private TrainingOutcome RunFullBatch(TorchData data, optim.Optimizer optimizer, Action<EpochRecord> onRecord, CancellationToken cancellationToken)
    {
        var stride = YhatSampling.Stride(epochs, rows?.Rows ?? 0, recordEvery);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var yhat = Forward(data.X);
            var loss = Loss(yhat, data.Y);
            var record = Record(data, epoch, loss, yhat, stride, null);
            onRecord(record);
            if (!float.IsFinite(record.Loss))
            {
                return new TrainingOutcome(TrainingEnd.Diverged, epoch, record.Loss, record.Weights);
            }

            loss.backward();
            optimizer.step();
        }

        return Last(RecordAt(data, epochs, stride, null), onRecord);
    }

    // Record k: θ after k epochs of batch steps and L(θₖ) on every training row; the steps themselves ride along,
    // each batch's loss as loss.item() prints it before its step.
    private TrainingOutcome RunMiniBatches(TorchData data, DataLoaderBatches batches, optim.Optimizer optimizer, Action<EpochRecord> onRecord, CancellationToken cancellationToken)
    {
        var stride = YhatSampling.Stride(epochs, rows?.Rows ?? 0, recordEvery);
        var stepStride = YhatSampling.StepStride(epochs, batches.Count * (model.Count + 1));
        var record = RecordAt(data, 0, stride, null);
        for (var epoch = 1; epoch <= epochs && float.IsFinite(record.Loss); epoch++)
        {
            onRecord(record);
            cancellationToken.ThrowIfCancellationRequested();
            var kept = YhatSampling.Keeps(epoch, epochs, stepStride)
                ? new BatchSteps(new float[batches.Count], [.. Enumerable.Range(0, batches.Count).Select(_ => new float[model.Count])])
                : null;
            batches.NextEpoch();
            for (var b = 0; b < batches.Count; b++)
            {
                using var scope = torch.NewDisposeScope();
                // DataLoader's default collate stacks dataset[i] for the batch's indices: x[indices], y[indices].
                var indices = torch.tensor(Indices(batches.Batch(b)));
                var xb = data.X!.index_select(0, indices);
                var yb = data.Y!.index_select(0, indices);
                optimizer.zero_grad();
                var loss = Loss(Forward(xb), yb);
                if (kept is not null)
                {
                    kept.Losses[b] = loss.item<float>();
                }

                loss.backward();
                optimizer.step();
                if (kept is not null)
                {
                    model.Get().CopyTo(kept.Weights[b], 0);
                }
            }

            record = RecordAt(data, epoch, stride, kept);
        }

        return Last(record, onRecord);
    }

    private static TrainingOutcome Last(EpochRecord last, Action<EpochRecord> onRecord)
    {
        onRecord(last);
        return TrainingOutcome.Of(last);
    }

    public float LossAt(ReadOnlySpan<float> weights)
    {
        model.Set(weights);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var data = Data();
        return Loss(Forward(data.X), data.Y).item<float>();
    }

    public float[] YhatAt(ReadOnlySpan<float> weights)
    {
        if (rows is null)
        {
            return reference.YhatAt(weights); // throws: a function has no data
        }

        // A record at θ as training makes it (epoch 0's, which always keeps ŷ).
        model.Set(weights);
        using var scope = torch.NewDisposeScope();
        return RecordAt(Data(), 0, 1, null).Yhat!;
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
        var count = scaled.Length == 0 ? 0 : scaled[0].Length;
        var (x, _) = LibTorchEngine.Tensors(new DataSet("grid", [.. prepared.Data.XColumns], "y", scaled, new float[count]));
        return Original(model.Forward(x));
    }

    public StepInspection InspectStep(int epoch, CancellationToken cancellationToken) => reference.InspectStep(epoch, cancellationToken);

    /// <summary>The training rows' x and y and the held-out rows', as tensors in the current dispose scope.</summary>
    private sealed record TorchData(Tensor? X, Tensor? Y, Tensor? ValidationX, Tensor? ValidationY);

    private TorchData Data()
    {
        if (rows is null)
        {
            return new TorchData(null, null, null, null);
        }

        var (x, y) = LibTorchEngine.Tensors(rows.Training);
        if (rows.Validation is null)
        {
            return new TorchData(x, y, null, null);
        }

        var (vx, vy) = LibTorchEngine.Tensors(rows.Validation);
        return new TorchData(x, y, vx, vy);
    }

    private static long[] Indices(ReadOnlySpan<int> batch)
    {
        var result = new long[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            result[i] = batch[i];
        }

        return result;
    }

    private Tensor Forward(Tensor? x) => model.Forward(x);

    private Tensor Loss(Tensor yhat, Tensor? y) => y is null ? yhat.sum() : lossKind switch
    {
        LossKind.Sse => (y - yhat).pow(2).sum(),
        LossKind.Mse => torch.nn.functional.mse_loss(yhat, y),
        LossKind.Bce => torch.nn.functional.binary_cross_entropy(yhat, y),
        _ => throw new ArgumentOutOfRangeException(nameof(lossKind)),
    };

    // A record at the current θ outside autograd: the training loss and ŷ, and the held-out rows'.
    private EpochRecord RecordAt(TorchData data, int epoch, int stride, BatchSteps? steps)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var yhat = Forward(data.X);
        return Record(data, epoch, Loss(yhat, data.Y), yhat, stride, steps);
    }

    // The metric as our engine scores it (Metrics: accuracy for bce, R² otherwise), on the training-space ŷ and y.
    private EpochRecord Record(TorchData data, int epoch, Tensor loss, Tensor yhat, int stride, BatchSteps? steps)
    {
        if (rows is null)
        {
            return new EpochRecord(epoch, loss.item<float>(), model.Get(), null) { Steps = steps };
        }

        float[]? validationYhat = null;
        float? validationLoss = null;
        if (data.ValidationX is not null)
        {
            using var noGrad = torch.no_grad();
            var held = Forward(data.ValidationX);
            validationLoss = Loss(held, data.ValidationY).item<float>();
            validationYhat = Values(held);
        }

        var trainingYhat = Values(yhat);
        var metrics = new EpochMetrics(
            Metrics.NameFor(lossKind),
            Metrics.Score(lossKind, trainingYhat, rows.Training.Y),
            validationYhat is null ? null : Metrics.Score(lossKind, validationYhat, rows.Validation!.Y));
        return new EpochRecord(
            epoch,
            loss.item<float>(),
            model.Get(),
            YhatSampling.Keeps(epoch, loss.item<float>(), epochs, stride) ? ToOriginal(rows.InDataOrder(trainingYhat, validationYhat)) : null)
        {
            ValidationLoss = validationLoss,
            Metrics = metrics,
            Steps = steps,
        };
    }

    private static float[] Values(Tensor t) => t.detach().reshape(-1).data<float>().ToArray();

    private float[] Original(Tensor yhat) => ToOriginal(Values(yhat));

    private float[] ToOriginal(float[] values)
    {
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
