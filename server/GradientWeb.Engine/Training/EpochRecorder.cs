using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Training;

/// <summary>The held-out rows: their own loss graph, and where training and validation rows sit in the data set.</summary>
internal sealed record HeldOut(Plan Plan, Tensor Yhat, Tensor Y, int[] TrainRows, int[] ValidationRows);

/// <summary>
/// Makes a record at θₖ from the training plan just evaluated: L(θₖ) on the training rows, θₖ, ŷ on every row in
/// the data set's order (on the original scale), and with a split the validation loss; the metric on both.
/// </summary>
internal sealed class EpochRecorder(
    Module model,
    Plan train,
    Tensor? yhat,
    Tensor? y,
    HeldOut? heldOut,
    LossKind loss,
    ColumnScaling yScaling,
    int epochs,
    int recordEvery)
{
    private readonly int _rows = (yhat?.Length ?? 0) + (heldOut?.Yhat.Length ?? 0);
    private readonly int _stride = YhatSampling.Stride(epochs, (yhat?.Length ?? 0) + (heldOut?.Yhat.Length ?? 0), recordEvery);
    private readonly string _metricName = Metrics.NameFor(loss);
    private EpochMetrics? _lastMetrics;

    // y's side of R² for the training and the held-out rows: their targets never change over a run.
    private Metrics.Spread? _trainSpread;
    private Metrics.Spread? _validationSpread;

    /// <summary>Call right after <paramref name="train"/>'s Forward at θₖ.</summary>
    public EpochRecord Record(int epoch, BatchSteps? steps)
    {
        heldOut?.Plan.Forward();
        var loss = train.Root.Data[0];
        return new EpochRecord(
            epoch,
            loss,
            model.Parameters().Values.ToArray(),
            yhat is not null && YhatSampling.Keeps(epoch, loss, epochs, _stride) ? Predictions() : null)
        {
            ValidationLoss = heldOut?.Plan.Root.Data[0],
            Metrics = yhat is null || y is null ? null : Score(),
            Steps = steps,
        };
    }

    /// <summary>
    /// ŷ as <see cref="Record"/> keeps it, right after <paramref name="train"/>'s Forward at the weights wanted: the
    /// held-out rows through their own plan, in the data's order, on the original scale (an epoch whose ŷ was not
    /// stored gets the numbers it would have had).
    /// </summary>
    public float[] PredictionsNow()
    {
        if (yhat is null)
        {
            throw new SpecException("dataset", "A function model has no data to predict.");
        }

        heldOut?.Plan.Forward();
        return Predictions();
    }

    // Records are immutable, so an epoch whose scores equal the last one's shares its metric rather than allocating
    // one more (accuracy moves in steps of 1/rows, and a converged R² stops changing).
    private EpochMetrics Score()
    {
        _trainSpread ??= Metrics.SpreadOf(y!.Data);
        var train = Metrics.Score(loss, yhat!.Data, y!.Data, _trainSpread.Value);
        float? validation = null;
        if (heldOut is not null)
        {
            _validationSpread ??= Metrics.SpreadOf(heldOut.Y.Data);
            validation = Metrics.Score(loss, heldOut.Yhat.Data, heldOut.Y.Data, _validationSpread.Value);
        }

        if (_lastMetrics is null || !_lastMetrics.Train.Equals(train) || !Nullable.Equals(_lastMetrics.Validation, validation))
        {
            _lastMetrics = new EpochMetrics(_metricName, train, validation);
        }

        return _lastMetrics;
    }

    private float[] Predictions()
    {
        var result = new float[_rows];
        if (heldOut is null)
        {
            yhat!.Data.CopyTo(result);
        }
        else
        {
            Scatter(yhat!.Data, heldOut.TrainRows, result);
            Scatter(heldOut.Yhat.Data, heldOut.ValidationRows, result);
        }

        if (yScaling != ColumnScaling.Identity)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = yScaling.ToOriginal(result[i]);
            }
        }

        return result;
    }

    private static void Scatter(ReadOnlySpan<float> values, int[] rows, float[] into)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            into[rows[i]] = values[i];
        }
    }
}
