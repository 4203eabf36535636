using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Storage;

/// <summary>
/// The one SQLite file. Opens pooled connections and brings the schema up to <see cref="SchemaVersion"/>
/// (kept in <c>PRAGMA user_version</c>) the first time it is used.
/// </summary>
public sealed class Database
{
    public const int SchemaVersion = 4;

    private readonly string _connectionString;
    private readonly Lazy<bool> _migrated;

    public Database(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        var path = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 2, // seconds Microsoft.Data.Sqlite retries a busy statement: a locked file is a quick 503, not a 30 s hang
        }.ToString();
        _migrated = new Lazy<bool>(Migrate, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string FilePath { get; }

    public SqliteConnection Open()
    {
        _ = _migrated.Value;
        return OpenRaw();
    }

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 2000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private bool Migrate()
    {
        using var connection = OpenRaw();
        using (var wal = connection.CreateCommand())
        {
            // WAL: readers (history requests) never block the writer that stores epochs, and a crash loses nothing committed.
            wal.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            wal.ExecuteNonQuery();
        }

        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"{FilePath} has schema version {current}; this GradientWeb knows up to {SchemaVersion}. Use a newer build.");
        }

        if (current < 1)
        {
            using var transaction = connection.BeginTransaction();
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE datasets (
                    id          TEXT PRIMARY KEY,
                    name        TEXT NOT NULL,
                    created_at  TEXT NOT NULL,
                    columns     TEXT NOT NULL,   -- JSON array of names
                    row_count   INTEGER NOT NULL,
                    has_header  INTEGER NOT NULL,
                    data        BLOB NOT NULL    -- float32 little-endian, column after column
                );
                CREATE TABLE jobs (
                    id            TEXT PRIMARY KEY,
                    created_at    TEXT NOT NULL,
                    status        TEXT NOT NULL,
                    request       TEXT NOT NULL,  -- the normalized request, JSON
                    param_names   TEXT NOT NULL,
                    epochs_total  INTEGER NOT NULL,
                    started_at    TEXT,
                    finished_at   TEXT,
                    outcome       TEXT,           -- JSON: end, last epoch, final loss and weights
                    error         TEXT,
                    diagnostics   TEXT,
                    epochs_done   INTEGER NOT NULL DEFAULT 0,
                    data_meta     TEXT,           -- JSON: name, description, column names, rows, has underlying
                    data          BLOB            -- the points trained on (for replay): x columns, y, underlying
                );
                CREATE INDEX jobs_by_created ON jobs (created_at DESC);
                CREATE TABLE epochs (
                    job_id   TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
                    epoch    INTEGER NOT NULL,
                    loss     REAL,                -- SQLite stores NaN as NULL; read back as NaN
                    weights  BLOB NOT NULL,
                    yhat     BLOB,
                    PRIMARY KEY (job_id, epoch)
                ) WITHOUT ROWID;
                PRAGMA user_version = 1;
                """;
            create.ExecuteNonQuery();
            transaction.Commit();
        }

        if (current < 2)
        {
            // v2: sweeps, a request and the jobs it started.
            using var transaction = connection.BeginTransaction();
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE sweeps (
                    id          TEXT PRIMARY KEY,
                    created_at  TEXT NOT NULL,
                    request     TEXT NOT NULL,   -- the sweep as sent, JSON
                    members     TEXT NOT NULL    -- JSON: [{ jobId, label }] in combination order
                );
                PRAGMA user_version = 2;
                """;
            create.ExecuteNonQuery();
            transaction.Commit();
        }

        if (current < 3)
        {
            // v3 (issue 17): the held-out loss, the metric on training and held-out rows, and a mini-batch
            // epoch's steps (per step: its batch loss, then θ after it; float32 little-endian).
            using var transaction = connection.BeginTransaction();
            using var alter = connection.CreateCommand();
            alter.Transaction = transaction;
            alter.CommandText = """
                ALTER TABLE epochs ADD COLUMN validation_loss REAL;
                ALTER TABLE epochs ADD COLUMN metric TEXT;
                ALTER TABLE epochs ADD COLUMN metric_train REAL;
                ALTER TABLE epochs ADD COLUMN metric_validation REAL;
                ALTER TABLE epochs ADD COLUMN steps BLOB;
                PRAGMA user_version = 3;
                """;
            alter.ExecuteNonQuery();
            transaction.Commit();
        }

        if (current < 4)
        {
            // v4: the engine's spec beside the request, so a job is read back without mapping its request again.
            // Rows from before have none; StoredSpecBackfill fills them in at start-up.
            using var transaction = connection.BeginTransaction();
            using var alter = connection.CreateCommand();
            alter.Transaction = transaction;
            alter.CommandText = """
                ALTER TABLE jobs ADD COLUMN spec TEXT;  -- JSON: the TrainingSpec without its data (that is data_meta, data)
                ALTER TABLE jobs ADD COLUMN record_every INTEGER NOT NULL DEFAULT 1;  -- the spec's, for lists
                PRAGMA user_version = 4;
                """;
            alter.ExecuteNonQuery();
            transaction.Commit();
        }

        return true;
    }
}
