using System.Globalization;
using System.Text.Json;
using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using Microsoft.Data.Sqlite;

namespace GradientWeb.Server.Storage;

/// <summary>
/// A job row as stored, before it is turned back into a <see cref="Job"/>. <see cref="Spec"/> (with the points
/// trained on) is read for one job, not for a list; it is null for a row from before schema v4 until backfilled.
/// </summary>
public sealed record StoredJob(
    string Id,
    DateTimeOffset CreatedAt,
    JsonElement Request,
    IReadOnlyList<string> ParamNames,
    int EpochsTotal,
    JobState State,
    TrainingSpec? Spec,
    int RecordEvery)
{
    public JobSummary Summary => new(Id, Request, ParamNames, EpochsTotal, CreatedAt, State, RecordEvery);
}

/// <summary>Jobs, their per-epoch history and the points they trained on, in the SQLite file.</summary>
public sealed class JobRepository(Database database)
{
    private static JsonSerializerOptions Json => JsonDefaults.Options;

    public void Insert(Job job)
    {
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO jobs (id, created_at, status, request, param_names, epochs_total, data_meta, data, spec, record_every)
            VALUES ($id, $created, $status, $request, $params, $total, $meta, $data, $spec, $every)
            """;
        insert.Parameters.AddWithValue("$id", job.Id);
        insert.Parameters.AddWithValue("$created", Text(job.CreatedAt));
        insert.Parameters.AddWithValue("$status", Name(job.Status));
        insert.Parameters.AddWithValue("$request", job.Request.GetRawText());
        insert.Parameters.AddWithValue("$spec", JsonSerializer.Serialize(job.Spec, Json));
        insert.Parameters.AddWithValue("$every", job.Spec.RecordEvery);
        insert.Parameters.AddWithValue("$params", JsonSerializer.Serialize(job.ParamNames, Json));
        insert.Parameters.AddWithValue("$total", job.EpochsTotal);
        var (meta, blob) = DataBlob(job.Spec.Data);
        insert.Parameters.AddWithValue("$meta", (object?)meta ?? DBNull.Value);
        insert.Parameters.AddWithValue("$data", (object?)blob ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    /// <summary>
    /// Appends records and, in the same transaction, stores the job's state: a crash leaves either both or
    /// neither, so a job read back never claims epochs it does not have.
    /// </summary>
    public void Save(string id, IReadOnlyList<EpochRecord> newRecords, JobState state)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (newRecords.Count > 0)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR REPLACE INTO epochs (job_id, epoch, loss, weights, yhat, validation_loss, metric, metric_train, metric_validation, steps)
                VALUES ($job, $epoch, $loss, $weights, $yhat, $validation, $metric, $metricTrain, $metricValidation, $steps)
                """;
            var job = insert.Parameters.Add("$job", SqliteType.Text);
            var epoch = insert.Parameters.Add("$epoch", SqliteType.Integer);
            var loss = insert.Parameters.Add("$loss", SqliteType.Real);
            var weights = insert.Parameters.Add("$weights", SqliteType.Blob);
            var yhat = insert.Parameters.Add("$yhat", SqliteType.Blob);
            var validation = insert.Parameters.Add("$validation", SqliteType.Real);
            var metric = insert.Parameters.Add("$metric", SqliteType.Text);
            var metricTrain = insert.Parameters.Add("$metricTrain", SqliteType.Real);
            var metricValidation = insert.Parameters.Add("$metricValidation", SqliteType.Real);
            var steps = insert.Parameters.Add("$steps", SqliteType.Blob);
            job.Value = id;
            insert.Prepare();
            foreach (var record in newRecords)
            {
                epoch.Value = record.Epoch;
                loss.Value = float.IsNaN(record.Loss) ? DBNull.Value : (double)record.Loss;
                weights.Value = FloatBlobs.ToBytes(record.Weights);
                yhat.Value = record.Yhat is null ? DBNull.Value : FloatBlobs.ToBytes(record.Yhat);
                validation.Value = Real(record.ValidationLoss);
                metric.Value = (object?)record.Metrics?.Name ?? DBNull.Value;
                metricTrain.Value = Real(record.Metrics?.Train);
                metricValidation.Value = Real(record.Metrics?.Validation);
                steps.Value = record.Steps is null ? DBNull.Value : FloatBlobs.ToBytes(StepBlobs.Flatten(record.Steps));
                insert.ExecuteNonQuery();
            }
        }

        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE jobs SET status = $status, started_at = $started, finished_at = $finished, outcome = $outcome,
                error = $error, diagnostics = $diagnostics, epochs_done = $done
            WHERE id = $id
            """;
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$status", Name(state.Status));
        update.Parameters.AddWithValue("$started", (object?)Text(state.StartedAt) ?? DBNull.Value);
        update.Parameters.AddWithValue("$finished", (object?)Text(state.FinishedAt) ?? DBNull.Value);
        update.Parameters.AddWithValue("$outcome", state.Outcome is null ? DBNull.Value : JsonSerializer.Serialize(state.Outcome, Json));
        update.Parameters.AddWithValue("$error", (object?)state.Error ?? DBNull.Value);
        update.Parameters.AddWithValue("$diagnostics", state.Diagnostics is null ? DBNull.Value : JsonSerializer.Serialize(state.Diagnostics, Json));
        update.Parameters.AddWithValue("$done", state.EpochsDone);
        update.ExecuteNonQuery();
        transaction.Commit();
    }

    // SQLite stores a NaN REAL as NULL, and NULL in an optional column means "none" (no split): a NaN there is kept as
    // the text "NaN" (a REAL column keeps text that is not a number as text) and read back as NaN.
    private static object Real(float? value) => value switch
    {
        null => DBNull.Value,
        { } v when float.IsNaN(v) => "NaN",
        { } v => (double)v,
    };

    private static float? OptionalReal(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null
        : reader.GetFieldType(column) == typeof(string) ? float.NaN
        : (float)reader.GetDouble(column);

    public StoredJob? Find(string id)
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"{SelectJob}, data_meta, data, spec FROM jobs WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadJob(reader, withData: true) : null;
    }

    /// <summary>Newest first, optionally of one status; without data or records.</summary>
    public IReadOnlyList<StoredJob> List(int offset, int limit, JobStatus? status)
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"{SelectJob} FROM jobs {(status is null ? string.Empty : "WHERE status = $status")} ORDER BY created_at DESC, id DESC LIMIT $limit OFFSET $offset";
        select.Parameters.AddWithValue("$limit", limit);
        select.Parameters.AddWithValue("$offset", offset);
        if (status is { } s)
        {
            select.Parameters.AddWithValue("$status", Name(s));
        }

        using var reader = select.ExecuteReader();
        var jobs = new List<StoredJob>();
        while (reader.Read())
        {
            jobs.Add(ReadJob(reader, withData: false));
        }

        return jobs;
    }

    public IReadOnlyList<EpochRecord> Records(string id, int from = 0, int to = int.MaxValue)
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT epoch, loss, weights, yhat, validation_loss, metric, metric_train, metric_validation, steps
            FROM epochs WHERE job_id = $id AND epoch >= $from AND epoch < $to ORDER BY epoch
            """;
        select.Parameters.AddWithValue("$id", id);
        select.Parameters.AddWithValue("$from", from);
        select.Parameters.AddWithValue("$to", to);
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
                ValidationLoss = OptionalReal(reader, 4),
                Metrics = reader.IsDBNull(5) ? null : new EpochMetrics(
                    reader.GetString(5),
                    OptionalReal(reader, 6) ?? float.NaN,
                    OptionalReal(reader, 7)),
                Steps = reader.IsDBNull(8) ? null : StepBlobs.Unflatten(FloatBlobs.ToFloats((byte[])reader[8]), weights.Length),
            });
        }

        return records;
    }

    public bool Delete(string id)
    {
        using var connection = database.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM jobs WHERE id = $id";
        delete.Parameters.AddWithValue("$id", id);
        return delete.ExecuteNonQuery() > 0;
    }

    /// <summary>Drops a job's history and queues it again, for a restart.</summary>
    public void ResetForRestart(string id)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var reset = connection.CreateCommand();
        reset.Transaction = transaction;
        reset.CommandText = """
            DELETE FROM epochs WHERE job_id = $id;
            UPDATE jobs SET status = 'queued', started_at = NULL, finished_at = NULL, outcome = NULL, error = NULL,
                diagnostics = NULL, epochs_done = 0 WHERE id = $id;
            """;
        reset.Parameters.AddWithValue("$id", id);
        reset.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>At start-up: jobs that were queued or running when the process died are now interrupted.</summary>
    public int MarkUnfinishedInterrupted(DateTimeOffset now)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE jobs SET status = 'interrupted', finished_at = $now WHERE status IN ('queued', 'running')";
        update.Parameters.AddWithValue("$now", Text(now));
        return update.ExecuteNonQuery();
    }

    /// <summary>Rows stored before schema v3, which have a request and points but no spec: (id, request, points).</summary>
    public IReadOnlyList<(string Id, JsonElement Request, DataSet? Data)> WithoutSpec()
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, request, data_meta, data FROM jobs WHERE spec IS NULL";
        using var reader = select.ExecuteReader();
        var rows = new List<(string, JsonElement, DataSet?)>();
        while (reader.Read())
        {
            var data = reader.IsDBNull(2) ? null : ReadData(reader.GetString(2), (byte[])reader[3]);
            rows.Add((reader.GetString(0), JsonSerializer.Deserialize<JsonElement>(reader.GetString(1)), data));
        }

        return rows;
    }

    public void SetSpec(string id, TrainingSpec spec)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE jobs SET spec = $spec WHERE id = $id";
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$spec", JsonSerializer.Serialize(spec, Json));
        update.ExecuteNonQuery();
    }

    /// <summary>SELECT 1 against the file: readiness.</summary>
    public bool CanRead()
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT COUNT(*) FROM jobs WHERE 0";
        select.ExecuteScalar();
        return true;
    }

    // The points trained on (data_meta, data) are only read for one job, never for a list.
    private const string SelectJob = """
        SELECT id, created_at, status, request, param_names, epochs_total, started_at, finished_at, outcome, error,
               diagnostics, epochs_done, record_every
        """;

    private static StoredJob ReadJob(SqliteDataReader r, bool withData)
    {
        string? Str(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var state = new JobState(
            Enum.Parse<JobStatus>(r.GetString(2), ignoreCase: true),
            r.GetInt32(11),
            Time(Str(6)),
            Time(Str(7)),
            Str(8) is { } outcome ? JsonSerializer.Deserialize<TrainingOutcome>(outcome, Json) : null,
            Str(9),
            Str(10) is { } diagnostics ? JsonSerializer.Deserialize<StartDiagnostics>(diagnostics, Json) : null);
        return new StoredJob(
            r.GetString(0),
            Time(r.GetString(1))!.Value,
            JsonSerializer.Deserialize<JsonElement>(r.GetString(3)),
            JsonSerializer.Deserialize<string[]>(r.GetString(4), Json)!,
            r.GetInt32(5),
            state,
            withData && Str(15) is { } spec
                ? JsonSerializer.Deserialize<TrainingSpec>(spec, Json)! with { Data = Str(13) is { } meta ? ReadData(meta, (byte[])r[14]) : null }
                : null,
            r.GetInt32(12));
    }

    private sealed record DataMeta(string Name, string Description, string Source, string[] XColumns, string YColumn, int Rows, bool HasUnderlying);

    private static (string? Meta, byte[]? Blob) DataBlob(DataSet? data)
    {
        if (data is null)
        {
            return (null, null);
        }

        var meta = new DataMeta(data.Name, data.Description, data.Source, [.. data.XColumns], data.YColumn, data.Rows, data.Underlying is not null);
        float[][] columns = data.Underlying is { } u ? [.. data.X, data.Y, u] : [.. data.X, data.Y];
        return (JsonSerializer.Serialize(meta, Json), FloatBlobs.ToBytes(columns));
    }

    private static DataSet ReadData(string metaJson, byte[] blob)
    {
        var meta = JsonSerializer.Deserialize<DataMeta>(metaJson, Json)!;
        var count = meta.XColumns.Length + 1 + (meta.HasUnderlying ? 1 : 0);
        var columns = FloatBlobs.ToColumns(blob, count, meta.Rows);
        return new DataSet(meta.Name, meta.XColumns, meta.YColumn, columns[..meta.XColumns.Length], columns[meta.XColumns.Length], meta.Description, meta.Source)
        {
            Underlying = meta.HasUnderlying ? columns[^1] : null,
        };
    }

    private static string Name(JobStatus status) => status.ToString().ToLowerInvariant();

    private static string? Text(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(string? text) => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
