using GradientWeb.Engine.Data;
using GradientWeb.Server.Datasets;

namespace GradientWeb.Server.Api;

/// <summary>A data set in a list: built in (its id is its name) or uploaded (an opaque id).</summary>
public sealed record DatasetSummary(
    string Id,
    string Name,
    bool BuiltIn,
    string Description,
    string Source,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> XColumns,
    string YColumn,
    int Rows,
    DateTimeOffset? CreatedAt)
{
    public static DatasetSummary FromBuiltIn(string name, DataSet data, CsvTable table) =>
        new(name, name, true, data.Description, data.Source, table.Columns, data.XColumns, data.YColumn, data.Rows, null);

    public static DatasetSummary FromUpload(StoredDataset set, int rows)
    {
        var defaults = DefaultColumns(set.Table.Columns);
        return new(set.Id, set.Name, false, $"Uploaded CSV, {rows} rows.", "upload", set.Table.Columns, defaults.X, defaults.Y, rows, set.CreatedAt);
    }

    /// <summary>y is the last column; x every other column except <c>underlying</c>.</summary>
    public static (IReadOnlyList<string> X, string Y) DefaultColumns(IReadOnlyList<string> columns) =>
        ([.. columns.Take(columns.Count - 1).Where(c => c != DataSet.UnderlyingColumn)], columns[^1]);
}

/// <summary>One data set with its rows (each row in <see cref="DatasetSummary.Columns"/> order).</summary>
public sealed record DatasetDetail(DatasetSummary Dataset, IReadOnlyList<float[]> Rows)
{
    public const int PreviewRows = 10;

    public static IReadOnlyList<float[]> RowsOf(CsvTable table, int limit) =>
        [.. Enumerable.Range(0, Math.Min(limit, table.Rows)).Select(i => table.Values.Select(c => c[i]).ToArray())];
}
