using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Storage;

/// <summary>The one SQLite file of a single node; the schema version is kept in <c>PRAGMA user_version</c>.</summary>
public sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;

    public SqliteDatabase(IOptions<StorageOptions> options, IHostEnvironment environment)
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
    }

    public string FilePath { get; }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string Location => FilePath;

    protected override DbConnection OpenRaw()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // synchronous is per connection: without it here every commit (a history write, 4 a second per job, and the
        // two a job's end waits for) syncs the WAL to disk; NORMAL in WAL mode still loses nothing when the process dies.
        using var pragma = connection.Command("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 2000; PRAGMA synchronous = NORMAL;");
        pragma.ExecuteNonQuery();
        return connection;
    }

    protected override void Migrate()
    {
        using var connection = OpenRaw();

        // WAL: readers (history requests) never block the writer that stores epochs, and a crash loses nothing committed.
        using (var wal = connection.Command("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"))
        {
            wal.ExecuteNonQuery();
        }

        using var version = connection.Command("PRAGMA user_version;");
        var current = DbCommands.Int(version.ExecuteScalar());
        if (current > SchemaVersion)
        {
            throw TooNew(current);
        }

        for (var step = current + 1; step <= SchemaVersion; step++)
        {
            using var transaction = connection.BeginTransaction();
            using var migrate = connection.Command($"{Steps[step - 1]}\nPRAGMA user_version = {step};", transaction);
            migrate.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static readonly string[] Steps =
    [
        // v1: data sets, jobs and their per-epoch history.
        """
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
        """,

        // v2: sweeps, a request and the jobs it started.
        """
        CREATE TABLE sweeps (
            id          TEXT PRIMARY KEY,
            created_at  TEXT NOT NULL,
            request     TEXT NOT NULL,   -- the sweep as sent, JSON
            members     TEXT NOT NULL    -- JSON: [{ jobId, label }] in combination order
        );
        """,

        // v3 (issue 17): the held-out loss, the metric on training and held-out rows, and a mini-batch epoch's steps
        // (per step: its batch loss, then θ after it; float32 little-endian).
        """
        ALTER TABLE epochs ADD COLUMN validation_loss REAL;
        ALTER TABLE epochs ADD COLUMN metric TEXT;
        ALTER TABLE epochs ADD COLUMN metric_train REAL;
        ALTER TABLE epochs ADD COLUMN metric_validation REAL;
        ALTER TABLE epochs ADD COLUMN steps BLOB;
        """,

        // v4: the engine's spec beside the request, so a job is read back without mapping its request again.
        // Rows from before have none; StoredSpecBackfill fills them in at start-up.
        """
        ALTER TABLE jobs ADD COLUMN spec TEXT;  -- JSON: the TrainingSpec without its data (that is data_meta, data)
        ALTER TABLE jobs ADD COLUMN record_every INTEGER NOT NULL DEFAULT 1;  -- the spec's, for lists
        """,

        // v5 (issue 20): the queue's columns, the same as PostgreSQL's. One SQLite node never leases (its queue is in
        // memory), but the repositories write one SQL for both.
        """
        ALTER TABLE jobs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;  -- claims so far: the lease's fencing token
        ALTER TABLE jobs ADD COLUMN lease_owner TEXT;                   -- the node training it
        ALTER TABLE jobs ADD COLUMN lease_expires TEXT;                 -- unused here (PostgreSQL: timestamptz)
        ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
        """,

        // v6 (issue 19): records stored in chunks (RecordChunks), one row per run of epochs rather than per epoch;
        // the epochs table keeps what older versions wrote and is still read.
        ChunksTable.Replace("$blob", "BLOB"),
    ];

    /// <summary>The v6 table, the same on both providers but for the blob type.</summary>
    internal const string ChunksTable = """
        CREATE TABLE epoch_chunks (
            job_id       TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            first_epoch  INTEGER NOT NULL,
            last_epoch   INTEGER NOT NULL,
            records      $blob NOT NULL,
            PRIMARY KEY (job_id, first_epoch)
        );
        """;
}
