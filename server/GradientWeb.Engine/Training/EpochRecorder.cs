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

    // y's side of R² for the training and the held-out rows: their targets never change over a run.
    private Metrics.Spread? _trainSpread;
    private Metrics.Spread? _validationSpread;

    /// <summary>The records a run of these epochs makes keep ŷ about every this many.</summary>
    public int YhatStride => _stride;

    /// <summary>ŷ values per record that keeps ŷ (0 for a function model).</summary>
    public int Rows => yhat is null ? 0 : _rows;

    /// <summary>
    /// Call after <paramref name="train"/>'s Forward (or ForwardBackward) at θₖ, before the step: writes record k into
    /// the writer's block and hands it over.
    /// </summary>
    public void Record(RecordWriter writer, int epoch, BatchSteps? steps)
    {
        heldOut?.Plan.Forward();
        var epochLoss = train.Root.Data[0];
        var keepsYhat = yhat is not null && YhatSampling.Keeps(epoch, epochLoss, epochs, _stride);
        var block = writer.Next(keepsYhat);
        model.Parameters().Values.CopyTo(block.Begin(epoch, epochLoss));
        if (keepsYhat)
        {
            Predictions(block.WithYhat());
        }

        if (heldOut is not null)
        {
            block.WithValidation(heldOut.Plan.Root.Data[0]);
        }

        if (yhat is not null && y is not null)
        {
            var (scoreTrain, scoreValidation) = Score();
            block.WithMetrics(_metricName, scoreTrain, scoreValidation);
        }

        if (steps is not null)
        {
            block.WithSteps(steps);
        }

        block.End();
        writer.Added();
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
        var result = new float[_rows];
        Predictions(result);
        return result;
    }

    private (float Train, float? Validation) Score()
    {
        _trainSpread ??= Metrics.SpreadOf(y!.Data);
        var train = Metrics.Score(loss, yhat!.Data, y!.Data, _trainSpread.Value);
        if (heldOut is null)
        {
            return (train, null);
        }

        _validationSpread ??= Metrics.SpreadOf(heldOut.Y.Data);
        return (train, Metrics.Score(loss, heldOut.Yhat.Data, heldOut.Y.Data, _validationSpread.Value));
    }

    private void Predictions(Span<float> result)
    {
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
    }

    private static void Scatter(ReadOnlySpan<float> values, int[] rows, Span<float> into)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            into[rows[i]] = values[i];
        }
    }
}
