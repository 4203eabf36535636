using GradientWeb.Engine.Data;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.TorchSharp;

/// <summary>
/// A job's rows as libtorch sees them: <c>random_split</c>'s training and held-out rows (our engine's
/// <see cref="RandomSplit"/>, so both engines split the same rows) and the way back to the data set's order for ŷ.
/// </summary>
internal sealed class TorchRows
{
    private readonly int[]? _trainRows;
    private readonly int[]? _validationRows;

    private TorchRows(DataSet training, DataSet? validation, int[]? trainRows, int[]? validationRows)
    {
        Training = training;
        Validation = validation;
        _trainRows = trainRows;
        _validationRows = validationRows;
        Rows = training.Rows + (validation?.Rows ?? 0);
    }

    /// <summary>The rows trained on (every row without a split).</summary>
    public DataSet Training { get; }

    /// <summary>The held-out rows, or null without a split.</summary>
    public DataSet? Validation { get; }

    /// <summary>Every row of the data set.</summary>
    public int Rows { get; }

    /// <summary>Splits the preprocessed data as our engine does (the spec was already checked by its Prepare).</summary>
    public static TorchRows Split(DataSet data, ValidationSpec? validation)
    {
        if (validation is null)
        {
            return new TorchRows(data, null, null, null);
        }

        var (train, held) = RandomSplit.Indices(data.Rows, validation.Fraction, validation.Seed);
        return new TorchRows(RandomSplit.Subset(data, train), RandomSplit.Subset(data, held), train, held);
    }

    /// <summary>ŷ of the training and held-out rows put back in the data set's row order.</summary>
    public float[] InDataOrder(float[] training, float[]? validation)
    {
        if (_trainRows is null || _validationRows is null || validation is null)
        {
            return training;
        }

        var result = new float[Rows];
        for (var i = 0; i < _trainRows.Length; i++)
        {
            result[_trainRows[i]] = training[i];
        }

        for (var i = 0; i < _validationRows.Length; i++)
        {
            result[_validationRows[i]] = validation[i];
        }

        return result;
    }
}
