using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;
using System.Data.Common;
using System.Text.Json;

namespace GradientWeb.Server.Storage;

/// <summary>A job's per-epoch history: records stored in chunks with the job's state, and read back by epoch.</summary>
public sealed partial class JobRepository
{
    /// <summary>
    /// Appends records and, in the same transaction, stores the job's state: a crash leaves either both or
    /// neither, so a job read back never claims epochs it does not have. Under a lease (PostgreSQL) the write is
    /// fenced: when another node has claimed the job since, nothing is stored and <see cref="LeaseLostException"/> is thrown.
    /// </summary>
    public void Save(string id, IReadOnlyList<EpochRecord> newRecords, JobState state)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (newRecords.Count > 0)
        {
            // One row per chunk of records (RecordChunks), not one per epoch, written from the run's blocks.
            foreach (var chunk in RecordChunks.Split(RecordSlices.Of(newRecords)))
            {
                StoreChunk(connection, transaction, id, chunk);
            }
        }

        using var update = connection.Command(
            """
            UPDATE jobs SET status = @status, started_at = @started, finished_at = @finished, outcome = @outcome,
                error = @error, diagnostics = @diagnostics, epochs_done = @done
            WHERE id = @id
            """,
            transaction);
        var fenced = leases.TryGet(id, out var lease);
        if (fenced)
        {
            update.CommandText += " AND lease_owner = @owner AND attempt = @attempt";
            update.With("@owner", leases.NodeId).With("@attempt", lease.Attempt);
        }

        update.With("@id", id)
            .With("@status", Name(state.Status))
            .With("@started", Text(state.StartedAt))
            .With("@finished", Text(state.FinishedAt))
            .With("@outcome", state.Outcome is null ? null : JsonSerializer.Serialize(state.Outcome, Json))
            .With("@error", state.Error)
            .With("@diagnostics", state.Diagnostics is null ? null : JsonSerializer.Serialize(state.Diagnostics, Json))
            .With("@done", state.EpochsDone);
        if (update.ExecuteNonQuery() == 0 && fenced)
        {
            transaction.Rollback();
            lease.Lose();
            throw new LeaseLostException(id);
        }

        transaction.Commit();
    }

    // A chunk replaces whatever an earlier write stored over the same epochs (a restart, or another node's claim,
    // trains the same deterministic records again); the older records around it are kept, re-chunked.
    private static void StoreChunk(DbConnection connection, DbTransaction transaction, string id, RecordSlice chunk)
    {
        var (first, last) = (chunk.FirstEpoch, chunk.LastEpoch);
        var overlapped = new List<byte[]>();
        using (var select = connection.Command("SELECT records FROM epoch_chunks WHERE job_id = @job AND last_epoch >= @first AND first_epoch <= @last", transaction))
        {
            using var reader = select.With("@job", id).With("@first", first).With("@last", last).ExecuteReader();
            while (reader.Read())
            {
                overlapped.Add((byte[])reader[0]);
            }
        }

        if (overlapped.Count > 0)
        {
            using var delete = connection.Command("DELETE FROM epoch_chunks WHERE job_id = @job AND last_epoch >= @first AND first_epoch <= @last", transaction);
            delete.With("@job", id).With("@first", first).With("@last", last).ExecuteNonQuery();
            var kept = overlapped.SelectMany(RecordChunks.Decode).ToArray();
            InsertChunks(connection, transaction, id, [.. kept.Where(r => r.Epoch < first)]);
            InsertChunks(connection, transaction, id, [.. kept.Where(r => r.Epoch > last)]);
        }

        InsertChunk(connection, transaction, id, chunk);
    }

    private static void InsertChunks(DbConnection connection, DbTransaction transaction, string id, EpochRecord[] records)
    {
        foreach (var chunk in RecordChunks.Split(RecordSlices.Of(records)))
        {
            InsertChunk(connection, transaction, id, chunk);
        }
    }

    private static void InsertChunk(DbConnection connection, DbTransaction transaction, string id, RecordSlice chunk)
    {
        using var insert = connection.Command("INSERT INTO epoch_chunks (job_id, first_epoch, last_epoch, records) VALUES (@job, @first, @last, @records)", transaction);
        insert.With("@job", id)
            .With("@first", chunk.FirstEpoch)
            .With("@last", chunk.LastEpoch)
            .With("@records", RecordChunks.Encode(chunk))
            .ExecuteNonQuery();
    }

    /// <summary>
    /// Records <paramref name="from"/> ≤ epoch &lt; <paramref name="to"/>. <paramref name="split"/>: the job has a
    /// validation split, so every record has a validation loss and metric, and an empty cell there is a NaN (which
    /// SQLite cannot store) rather than "no split".
    /// </summary>
    public IReadOnlyList<EpochRecord> Records(string id, int from = 0, int to = int.MaxValue, bool split = false)
    {
        using var connection = database.Open();
        var records = new List<EpochRecord>();
        using (var chunks = connection.Command("SELECT records FROM epoch_chunks WHERE job_id = @id AND last_epoch >= @from AND first_epoch < @to ORDER BY first_epoch"))
        {
            using var reader = chunks.With("@id", id).With("@from", from).With("@to", to).ExecuteReader();
            while (reader.Read())
            {
                records.AddRange(RecordChunks.Decode((byte[])reader[0]).Where(r => r.Epoch >= from && r.Epoch < to));
            }
        }

        // Rows from before v6 (one per epoch): a job has either those or chunks. Chunks keep NaN as it is.
        return records.Count > 0 ? records : LegacyRecords(connection, id, from, to, split);
    }

    private static List<EpochRecord> LegacyRecords(DbConnection connection, string id, int from, int to, bool split)
    {
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT epoch, loss, weights, yhat, validation_loss, metric, metric_train, metric_validation, steps
            FROM epochs WHERE job_id = @id AND epoch >= @from AND epoch < @to ORDER BY epoch
            """;
        select.With("@id", id);
        select.With("@from", from);
        select.With("@to", to);
        using var reader = select.ExecuteReader();
        var records = new List<EpochRecord>();
        while (reader.Read())
        {
            var weights = FloatBlobs.ToFloats((byte[])reader[2]);
            records.Add(new EpochRecord(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? float.NaN : (float)reader.GetDouble(1),
                weights,
                reader.IsDBNull(3) ? null : FloatBlobs.ToFloats((byte[])reader[3]))
            {
                ValidationLoss = reader.IsDBNull(4) ? (split ? float.NaN : null) : (float)reader.GetDouble(4),
                Metrics = reader.IsDBNull(5) ? null : new EpochMetrics(
                    reader.GetString(5),
                    reader.IsDBNull(6) ? float.NaN : (float)reader.GetDouble(6),
                    reader.IsDBNull(7) ? (split ? float.NaN : null) : (float)reader.GetDouble(7)),
                Steps = reader.IsDBNull(8) ? null : StepBlobs.Unflatten(FloatBlobs.ToFloats((byte[])reader[8]), weights.Length),
            });
        }

        return records;
    }
}
