using System.Globalization;
using System.Text.Json;

namespace GradientWeb.Server.Storage;

/// <summary>One run of a sweep: its job and what makes it different ("lr = 0.0085").</summary>
public sealed record SweepMember(string JobId, string Label);

public sealed record StoredSweep(string Id, DateTimeOffset CreatedAt, JsonElement Request, IReadOnlyList<SweepMember> Members);

/// <summary>Sweeps in the database: what was asked and which jobs it started (the jobs hold their own state).</summary>
public sealed class SweepRepository(Database database)
{
    public void Insert(StoredSweep sweep)
    {
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO sweeps (id, created_at, request, members) VALUES (@id, @created, @request, @members)";
        insert.With("@id", sweep.Id);
        insert.With("@created", sweep.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        insert.With("@request", sweep.Request.GetRawText());
        insert.With("@members", JsonSerializer.Serialize(sweep.Members));
        insert.ExecuteNonQuery();
    }

    public StoredSweep? Find(string id)
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, created_at, request, members FROM sweeps WHERE id = @id";
        select.With("@id", id);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new StoredSweep(
            reader.GetString(0),
            DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
            JsonDocument.Parse(reader.GetString(2)).RootElement.Clone(),
            JsonSerializer.Deserialize<SweepMember[]>(reader.GetString(3))!);
    }
}
