using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GradientWeb.Server.Storage;

/// <summary>
/// A PostgreSQL database shared by every node (Npgsql's pooled data source). The schema version is kept in
/// <c>schema_version</c>; nodes starting together migrate one at a time under an advisory lock.
/// </summary>
public sealed class PostgresDatabase : Database, IDisposable
{
    // Any fixed number: pg_advisory_xact_lock serialises nodes migrating the same database at once.
    private const long MigrationLock = 0x6772_6164_7765_62; // "gradweb"

    private readonly NpgsqlDataSource _source;

    public PostgresDatabase(IOptions<StorageOptions> options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        Location = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override string Location { get; }

    public void Dispose() => _source.Dispose();

    protected override DbConnection OpenRaw() => _source.OpenConnection();

    protected override void Migrate()
    {
        using var connection = OpenRaw();
        using var transaction = connection.BeginTransaction();
        using (var setup = connection.Command("SELECT pg_advisory_xact_lock(@lock); CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);", transaction))
        {
            setup.With("@lock", MigrationLock).ExecuteNonQuery();
        }

        using var read = connection.Command("SELECT max(version) FROM schema_version", transaction);
        var current = read.ExecuteScalar() is int v ? v : 0;
        if (current > SchemaVersion)
        {
            throw TooNew(current);
        }

        if (current == 0)
        {
            using var create = connection.Command($"{Version5}\nINSERT INTO schema_version (version) VALUES (5);", transaction);
            create.ExecuteNonQuery();
            current = 5;
        }

        // Later versions migrate here from 5, each step beside SQLite's.
        if (current == 5)
        {
            using var chunks = connection.Command($"{SqliteDatabase.ChunksTable.Replace("$blob", "bytea")}\nINSERT INTO schema_version (version) VALUES (6);", transaction);
            chunks.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    // SQLite's v1–v5 in one: the same tables and columns, PostgreSQL's types (bytea, double precision), and the
    // queue's lease expiry as timestamptz, compared with the database's clock so nodes' clocks never matter.
    private const string Version5 = """
        CREATE TABLE datasets (
            id          text PRIMARY KEY,
            name        text NOT NULL,
            created_at  text NOT NULL,
            columns     text NOT NULL,
            row_count   integer NOT NULL,
            has_header  integer NOT NULL,
            data        bytea NOT NULL
        );
        CREATE TABLE jobs (
            id                text PRIMARY KEY,
            created_at        text NOT NULL,
            status            text NOT NULL,
            request           text NOT NULL,
            param_names       text NOT NULL,
            epochs_total      integer NOT NULL,
            started_at        text,
            finished_at       text,
            outcome           text,
            error             text,
            diagnostics       text,
            epochs_done       integer NOT NULL DEFAULT 0,
            data_meta         text,
            data              bytea,
            spec              text,
            record_every      integer NOT NULL DEFAULT 1,
            attempt           integer NOT NULL DEFAULT 0,
            lease_owner       text,
            lease_expires     timestamptz,
            cancel_requested  integer NOT NULL DEFAULT 0
        );
        CREATE INDEX jobs_by_created ON jobs (created_at DESC);
        -- The queue: waiting jobs and running ones whose lease may run out, oldest first.
        CREATE INDEX jobs_waiting ON jobs (created_at, id) WHERE status IN ('queued', 'running');
        CREATE TABLE epochs (
            job_id             text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            epoch              integer NOT NULL,
            loss               double precision,
            weights            bytea NOT NULL,
            yhat               bytea,
            validation_loss    double precision,
            metric             text,
            metric_train       double precision,
            metric_validation  double precision,
            steps              bytea,
            PRIMARY KEY (job_id, epoch)
        );
        CREATE TABLE sweeps (
            id          text PRIMARY KEY,
            created_at  text NOT NULL,
            request     text NOT NULL,
            members     text NOT NULL
        );
        """;
}
