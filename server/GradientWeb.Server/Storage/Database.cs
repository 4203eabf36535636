using System.Data.Common;

namespace GradientWeb.Server.Storage;

/// <summary>
/// The database behind every repository: a SQLite file (<see cref="SqliteDatabase"/>) or PostgreSQL
/// (<see cref="PostgresDatabase"/>). Opens pooled connections and brings the schema up to <see cref="SchemaVersion"/>
/// the first time it is used. The repositories write one SQL for both: named <c>@parameters</c>, <c>INSERT … ON
/// CONFLICT</c>, times as ISO 8601 text and float32 values as little-endian blobs.
/// </summary>
public abstract class Database
{
    /// <summary>
    /// The schema both providers are brought to. SQLite keeps it in <c>PRAGMA user_version</c> and migrates from 1;
    /// PostgreSQL keeps it in <c>schema_version</c> and starts at 5, the first version with the queue's columns.
    /// </summary>
    public const int SchemaVersion = 6;

    private readonly Lazy<bool> _migrated;

    protected Database() => _migrated = new Lazy<bool>(() => { Migrate(); return true; }, LazyThreadSafetyMode.ExecutionAndPublication);

    public abstract StorageProvider Provider { get; }

    /// <summary>Where the data is, for logs and errors: the file, or host/database.</summary>
    public abstract string Location { get; }

    public DbConnection Open()
    {
        _ = _migrated.Value;
        return OpenRaw();
    }

    protected abstract DbConnection OpenRaw();

    protected abstract void Migrate();

    protected InvalidOperationException TooNew(int found) =>
        new($"{Location} has schema version {found}; this GradientWeb knows up to {SchemaVersion}. Use a newer build.");
}
