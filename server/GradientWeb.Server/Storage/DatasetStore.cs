using System.Globalization;
using System.Text.Json;
using GradientWeb.Engine.Data;
using GradientWeb.Server.Jobs;

namespace GradientWeb.Server.Storage;

/// <summary>An uploaded data set as stored: its table and when it came.</summary>
public sealed record StoredDataset(string Id, string Name, DateTimeOffset CreatedAt, CsvTable Table);

/// <summary>Uploaded data sets in the database, one row each, written in one statement so a refusal leaves nothing.</summary>
public sealed class DatasetStore(Database database, DiskRoom disk)
{
    /// <summary>Stores a table; <see cref="StorageFullException"/> when the disk has no room for it (nothing stored).</summary>
    public StoredDataset Add(string name, CsvTable table, DateTimeOffset now)
    {
        disk.EnsureRoomForUpload((long)table.Values.Length * table.Rows * sizeof(float));
        var id = JobIds.NewId();
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO datasets (id, name, created_at, columns, row_count, has_header, data)
            VALUES (@id, @name, @created, @columns, @rows, @header, @data)
            """;
        insert.With("@id", id);
        insert.With("@name", name);
        insert.With("@created", now.ToString("O", CultureInfo.InvariantCulture));
        insert.With("@columns", JsonSerializer.Serialize(table.Columns));
        insert.With("@rows", table.Rows);
        insert.With("@header", table.HasHeader ? 1 : 0);
        insert.With("@data", FloatBlobs.ToBytes(table.Values));
        insert.ExecuteNonQuery();
        return new StoredDataset(id, name, now, table);
    }

    public int Count()
    {
        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM datasets";
        return Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public StoredDataset? Find(string id)
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, name, created_at, columns, row_count, has_header, data FROM datasets WHERE id = @id";
        select.With("@id", id);
        using var reader = select.ExecuteReader();
        return reader.Read() ? Read(reader, withData: true) : null;
    }

    /// <summary>Every uploaded set, newest first, without its values (a zero-row table stands in).</summary>
    public IReadOnlyList<(StoredDataset Set, int Rows)> List()
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, name, created_at, columns, row_count, has_header FROM datasets ORDER BY created_at DESC, id";
        using var reader = select.ExecuteReader();
        var result = new List<(StoredDataset, int)>();
        while (reader.Read())
        {
            result.Add((Read(reader, withData: false), reader.GetInt32(4)));
        }

        return result;
    }

    public bool Delete(string id)
    {
        using var connection = database.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM datasets WHERE id = @id";
        delete.With("@id", id);
        return delete.ExecuteNonQuery() > 0;
    }

    private static StoredDataset Read(System.Data.Common.DbDataReader reader, bool withData)
    {
        var columns = JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [];
        var rows = reader.GetInt32(4);
        var values = withData
            ? FloatBlobs.ToColumns((byte[])reader["data"], columns.Length, rows)
            : [.. columns.Select(_ => Array.Empty<float>())];
        return new StoredDataset(
            reader.GetString(0),
            reader.GetString(1),
            DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
            CsvTable.FromColumns(columns, values));
    }
}
