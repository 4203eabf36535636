using System.Text.Json;
using GradientWeb.Engine.Data;
using GradientWeb.Server.Setup;

namespace GradientWeb.Server.Storage;

/// <summary>The points a job trained on, as stored in its row: a JSON description and one blob of float32 columns.</summary>
internal static class StoredDataSets
{
    private sealed record DataMeta(string Name, string Description, string Source, string[] XColumns, string YColumn, int Rows, bool HasUnderlying);

    public static (string? Meta, byte[]? Blob) DataBlob(DataSet? data)
    {
        if (data is null)
        {
            return (null, null);
        }

        var meta = new DataMeta(data.Name, data.Description, data.Source, [.. data.XColumns], data.YColumn, data.Rows, data.Underlying is not null);
        float[][] columns = data.Underlying is { } u ? [.. data.X, data.Y, u] : [.. data.X, data.Y];
        return (JsonSerializer.Serialize(meta, JsonDefaults.Options), FloatBlobs.ToBytes(columns));
    }

    public static DataSet ReadData(string metaJson, byte[] blob)
    {
        var meta = JsonSerializer.Deserialize<DataMeta>(metaJson, JsonDefaults.Options)!;
        var count = meta.XColumns.Length + 1 + (meta.HasUnderlying ? 1 : 0);
        var columns = FloatBlobs.ToColumns(blob, count, meta.Rows);
        return new DataSet(meta.Name, meta.XColumns, meta.YColumn, columns[..meta.XColumns.Length], columns[meta.XColumns.Length], meta.Description, meta.Source)
        {
            Underlying = meta.HasUnderlying ? columns[^1] : null,
        };
    }
}
