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

    /// <summary>The true curve the data were drawn from (a data set's <c>underlying</c> column), when known.</summary>
    public float[]? Underlying { get; init; }

    /// <summary>The column named <c>underlying</c> is the true curve, never a feature by default.</summary>
    public const string UnderlyingColumn = "underlying";

    /// <summary>
    /// Picks x and y columns from a table by name. Defaults: y is the last column, x every other column except
    /// <c>underlying</c>. Unknown or repeated names are a <see cref="Training.SpecException"/> on dataset.x / dataset.y.
    /// </summary>
    public static DataSet FromTable(CsvTable table, string name, IReadOnlyList<string>? x, string? y, string description = "", string source = "")
    {
        int Index(string column, string field) =>
            IndexOf(table.Columns, column) is var i and >= 0
                ? i
                : throw new Training.SpecException(field, $"The data set has no column '{column}'. Its columns: {string.Join(", ", table.Columns)}.");

        var yIndex = y is null ? table.Columns.Count - 1 : Index(y, "dataset.y");
        var underlying = IndexOf(table.Columns, UnderlyingColumn);
        var xIndices = x is null
            ? [.. Enumerable.Range(0, table.Columns.Count).Where(j => j != yIndex && j != underlying)]
            : x.Select((c, k) => Index(c, $"dataset.x[{k}]")).ToArray();
        if (xIndices.Length == 0)
        {
            throw new Training.SpecException("dataset.x", "Pick at least one x column.");
        }

        if (xIndices.Contains(yIndex) || xIndices.Distinct().Count() != xIndices.Length)
        {
            throw new Training.SpecException("dataset.x", "Each x column may appear once, and y cannot also be an x column.");
        }

        return new DataSet(name, [.. xIndices.Select(j => table.Columns[j])], table.Columns[yIndex], [.. xIndices.Select(j => table.Values[j])], table.Values[yIndex], description, source)
        {
            Underlying = underlying >= 0 && underlying != yIndex && !xIndices.Contains(underlying) ? table.Values[underlying] : null,
        };
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
