using System.Globalization;
using System.Text.Json;
using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using System.Data.Common;

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

/// <summary>Jobs, their per-epoch history and the points they trained on, in either database.</summary>
public sealed partial class JobRepository(Database database, JobLeases leases)
{
    private static JsonSerializerOptions Json => JsonDefaults.Options;

    /// <summary>Stores new jobs, all or none, in one transaction.</summary>
    public void Insert(IReadOnlyList<Job> jobs)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var job in jobs)
        {
            using var insert = connection.Command(
                """
                INSERT INTO jobs (id, created_at, status, request, param_names, epochs_total, data_meta, data, spec, record_every)
                VALUES (@id, @created, @status, @request, @params, @total, @meta, @data, @spec, @every)
                """,
                transaction);
            var (meta, blob) = StoredDataSets.DataBlob(job.Spec.Data);
            insert.With("@id", job.Id)
                .With("@created", Text(job.CreatedAt))
                .With("@status", Name(job.Status))
                .With("@request", job.Request.GetRawText())
                .With("@spec", JsonSerializer.Serialize(job.Spec, Json))
                .With("@every", job.Spec.RecordEvery)
                .With("@params", JsonSerializer.Serialize(job.ParamNames, Json))
                .With("@total", job.EpochsTotal)
                .With("@meta", meta)
                .With("@data", blob)
                .ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public StoredJob? Find(string id)
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"{SelectJob}, data_meta, data, spec FROM jobs WHERE id = @id";
        select.With("@id", id);
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadJob(reader, withData: true) : null;
    }

    /// <summary>Newest first, optionally of one status; without data or records.</summary>
    public IReadOnlyList<StoredJob> List(int offset, int limit, JobStatus? status)
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"{SelectJob} FROM jobs {(status is null ? string.Empty : "WHERE status = @status")} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset";
        select.With("@limit", limit);
        select.With("@offset", offset);
        if (status is { } s)
        {
            select.With("@status", Name(s));
        }

        using var reader = select.ExecuteReader();
        var jobs = new List<StoredJob>();
        while (reader.Read())
        {
            jobs.Add(ReadJob(reader, withData: false));
        }

        return jobs;
    }

    public bool Delete(string id)
    {
        using var connection = database.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM jobs WHERE id = @id";
        delete.With("@id", id);
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
            DELETE FROM epochs WHERE job_id = @id;
            DELETE FROM epoch_chunks WHERE job_id = @id;
            UPDATE jobs SET status = 'queued', started_at = NULL, finished_at = NULL, outcome = NULL, error = NULL,
                diagnostics = NULL, epochs_done = 0, lease_owner = NULL, lease_expires = NULL, cancel_requested = 0
            WHERE id = @id;
            """;
        reset.With("@id", id);
        reset.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>
    /// Cancel from any node: a job still waiting is cancelled at once; a running one gets the flag its node reads
    /// (<see cref="PostgresJobQueue"/>), which stops it and stores it cancelled. A claim racing with this waits for it.
    /// </summary>
    public void RequestCancel(string id, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var queued = connection.Command("UPDATE jobs SET status = 'cancelled', finished_at = @now WHERE id = @id AND status = 'queued'", transaction);
        if (queued.With("@id", id).With("@now", Text(now)).ExecuteNonQuery() == 0)
        {
            using var running = connection.Command("UPDATE jobs SET cancel_requested = 1 WHERE id = @id AND status = 'running'", transaction);
            running.With("@id", id).ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Of <paramref name="ids"/>, the jobs that have ended, with when (null where no time was stored).</summary>
    public IReadOnlyList<(string Id, DateTimeOffset? FinishedAt)> Ended(IReadOnlyList<string> ids)
    {
        var ended = new List<(string, DateTimeOffset?)>();
        using var connection = database.Open();
        // In slices: one parameter per id, well under either database's limit on parameters.
        foreach (var slice in ids.Chunk(500))
        {
            using var select = connection.CreateCommand();
            var names = slice.Select((id, i) => $"@id{i}").ToArray();
            select.CommandText = $"SELECT id, finished_at FROM jobs WHERE status NOT IN ('queued', 'running') AND id IN ({string.Join(", ", names)})";
            for (var i = 0; i < slice.Length; i++)
            {
                select.With(names[i], slice[i]);
            }

            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                ended.Add((reader.GetString(0), Time(reader.IsDBNull(1) ? null : reader.GetString(1))));
            }
        }

        return ended;
    }

    /// <summary>Jobs waiting to be claimed, on every node.</summary>
    public int CountQueued()
    {
        using var connection = database.Open();
        using var count = connection.Command("SELECT COUNT(*) FROM jobs WHERE status = 'queued'");
        return DbCommands.Int(count.ExecuteScalar());
    }

    /// <summary>At start-up: jobs that were queued or running when the process died are now interrupted.</summary>
    public int MarkUnfinishedInterrupted(DateTimeOffset now)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE jobs SET status = 'interrupted', finished_at = @now WHERE status IN ('queued', 'running')";
        update.With("@now", Text(now));
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
            var data = reader.IsDBNull(2) ? null : StoredDataSets.ReadData(reader.GetString(2), (byte[])reader[3]);
            rows.Add((reader.GetString(0), JsonSerializer.Deserialize<JsonElement>(reader.GetString(1)), data));
        }

        return rows;
    }

    public void SetSpec(string id, TrainingSpec spec)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE jobs SET spec = @spec WHERE id = @id";
        update.With("@id", id);
        update.With("@spec", JsonSerializer.Serialize(spec, Json));
        update.ExecuteNonQuery();
    }

    /// <summary>A query against the database: readiness.</summary>
    public bool CanRead()
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT COUNT(*) FROM jobs WHERE 1 = 0";
        select.ExecuteScalar();
        return true;
    }

    // The points trained on (data_meta, data) are only read for one job, never for a list.
    private const string SelectJob = """
        SELECT id, created_at, status, request, param_names, epochs_total, started_at, finished_at, outcome, error,
               diagnostics, epochs_done, record_every
        """;

    private static StoredJob ReadJob(DbDataReader r, bool withData)
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
                ? JsonSerializer.Deserialize<TrainingSpec>(spec, Json)! with { Data = Str(13) is { } meta ? StoredDataSets.ReadData(meta, (byte[])r[14]) : null }
                : null,
            r.GetInt32(12));
    }


    private static string Name(JobStatus status) => status.ToString().ToLowerInvariant();

    internal static string? Text(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(string? text) => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}