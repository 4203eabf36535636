using GradientWeb.Engine.Data;
using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Contracts;

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
        // The columns a job gets by default, by the same rule a job uses (DataSet.FromTable).
        var defaults = DataSet.FromTable(set.Table, set.Name, null, null);
        return new(set.Id, set.Name, false, $"Uploaded CSV, {rows} rows.", "upload", set.Table.Columns, defaults.XColumns, defaults.YColumn, rows, set.CreatedAt);
    }
}

/// <summary>One data set with its rows (each row in <see cref="DatasetSummary.Columns"/> order).</summary>
public sealed record DatasetDetail(DatasetSummary Dataset, IReadOnlyList<float[]> Rows)
{
    public const int PreviewRows = 10;

    public static IReadOnlyList<float[]> RowsOf(CsvTable table, int limit) =>
        [.. Enumerable.Range(0, Math.Min(limit, table.Rows)).Select(i => table.Values.Select(c => c[i]).ToArray())];
}
