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
    int epochs)
{
    private readonly int _rows = (yhat?.Length ?? 0) + (heldOut?.Yhat.Length ?? 0);
    private readonly int _stride = YhatSampling.Stride(epochs, (yhat?.Length ?? 0) + (heldOut?.Yhat.Length ?? 0));
    private readonly string _metricName = Metrics.NameFor(loss);

    /// <summary>The records a run of these epochs makes keep ŷ about every this many.</summary>
    public int YhatStride => _stride;

    /// <summary>ŷ values per record that keeps ŷ (0 for a function model).</summary>
    public int Rows => yhat is null ? 0 : _rows;

    /// <summary>Call right after <paramref name="train"/>'s Forward at θₖ: writes record k into the writer's block and hands it over.</summary>
    public void Record(RecordWriter writer, int epoch, BatchSteps? steps)
    {
        heldOut?.Plan.Forward();
        var keepsYhat = yhat is not null && YhatSampling.Keeps(epoch, epochs, _stride);
        var block = writer.Next(keepsYhat);
        model.Parameters().Values.CopyTo(block.Begin(epoch, train.Root.Data[0]));
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

    private (float Train, float? Validation) Score() =>
        (Metrics.Score(loss, yhat!.Data, y!.Data), heldOut is null ? null : Metrics.Score(loss, heldOut.Yhat.Data, heldOut.Y.Data));

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
