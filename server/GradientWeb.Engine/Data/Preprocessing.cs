using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Data;

/// <summary><c>preprocess</c>: what is done to the columns before training (lecture 002 centres height and weight).</summary>
public enum Preprocess
{
    None,

    /// <summary>Subtract each column's mean: X = x − x̄ (and Y = y − ȳ for regression).</summary>
    Center,

    /// <summary>Subtract the mean and divide by the (population) standard deviation.</summary>
    Standardize,
}

/// <summary>How training-space values map back to the original scale: original = value · Scale + Mean.</summary>
public sealed record ColumnScaling(float Mean, float Scale)
{
    public static ColumnScaling Identity { get; } = new(0f, 1f);

    public float ToOriginal(float value) => (value * Scale) + Mean;
}

/// <summary>The data as the model sees it, and the scalings that take predictions back to the user's units.</summary>
public sealed record PreparedData(DataSet Data, IReadOnlyList<ColumnScaling> X, ColumnScaling Y)
{
    /// <summary>
    /// New inputs as the model saw its training data: each column scaled by that data's mean and deviation. Both
    /// engines predict through this, so a grid or a held-out point is read the same way.
    /// </summary>
    public float[][] ScaleInputs(IReadOnlyList<float[]> xColumns)
    {
        if (xColumns.Count != X.Count)
        {
            throw new SpecException("x", $"This model takes {X.Count} feature columns, not {xColumns.Count}.");
        }

        var scaled = new float[xColumns.Count][];
        for (var j = 0; j < scaled.Length; j++)
        {
            var s = X[j];
            scaled[j] = [.. xColumns[j].Select(v => (v - s.Mean) / s.Scale)];
        }

        return scaled;
    }

    /// <summary>
    /// Centres or standardises every x column, and y too unless it holds class labels (<paramref name="scaleY"/>
    /// false), which must stay 0/1. Means are taken in double and rounded to float, then subtracted in float as
    /// <c>x - x.mean()</c> does on a float tensor.
    /// </summary>
    public static PreparedData Apply(DataSet data, Preprocess preprocess, bool scaleY)
    {
        if (preprocess == Preprocess.None)
        {
            return new PreparedData(data, [.. data.X.Select(_ => ColumnScaling.Identity)], ColumnScaling.Identity);
        }

        var x = new float[data.Features][];
        var xScaling = new ColumnScaling[data.Features];
        for (var j = 0; j < data.Features; j++)
        {
            (x[j], xScaling[j]) = Scale(data.X[j], preprocess, $"x column '{data.XColumns[j]}'");
        }

        var (y, yScaling) = scaleY ? Scale(data.Y, preprocess, $"y column '{data.YColumn}'") : (data.Y, ColumnScaling.Identity);
        var scaled = new DataSet(data.Name, data.XColumns, data.YColumn, x, y, data.Description, data.Source);
        return new PreparedData(scaled, xScaling, yScaling);
    }

    private static (float[] Values, ColumnScaling Scaling) Scale(float[] column, Preprocess preprocess, string what)
    {
        var mean = column.Average(v => (double)v);
        var scale = 1.0;
        if (preprocess == Preprocess.Standardize)
        {
            scale = Math.Sqrt(column.Average(v => (v - mean) * (v - mean)));
            if (!(scale > 0) || !double.IsFinite(scale))
            {
                throw new Training.SpecException("preprocess", $"Cannot standardise: the {what} is constant (its standard deviation is 0).");
            }
        }

        var m = (float)mean;
        var s = (float)scale;
        var values = new float[column.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = preprocess == Preprocess.Standardize ? (column[i] - m) / s : column[i] - m;
        }

        return (values, new ColumnScaling(m, s));
    }
}
