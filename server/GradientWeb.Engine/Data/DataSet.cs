namespace GradientWeb.Engine.Data;

/// <summary>A table for training: feature columns x and one target column y, all float32.</summary>
public sealed class DataSet
{
    public DataSet(string name, IReadOnlyList<string> xColumns, string yColumn, float[][] x, float[] y, string description = "", string source = "")
    {
        if (x.Length != xColumns.Count)
        {
            throw new ArgumentException("One name per feature column.", nameof(xColumns));
        }

        foreach (var column in x)
        {
            if (column.Length != y.Length)
            {
                throw new ArgumentException("Every column must have as many rows as y.", nameof(x));
            }
        }

        Name = name;
        XColumns = xColumns;
        YColumn = yColumn;
        X = x;
        Y = y;
        Description = description;
        Source = source;
    }

    public string Name { get; }

    public string Description { get; }

    public string Source { get; }

    public IReadOnlyList<string> XColumns { get; }

    public string YColumn { get; }

    /// <summary>Feature columns, each of <see cref="Rows"/> values.</summary>
    public float[][] X { get; }

    public float[] Y { get; }

    public int Rows => Y.Length;

    public int Features => X.Length;
}
