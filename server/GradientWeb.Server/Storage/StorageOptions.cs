using System.ComponentModel.DataAnnotations;

namespace GradientWeb.Server.Storage;

/// <summary>Which database holds jobs, histories, sweeps and uploaded data sets.</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file beside the app: one node, the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by any number of nodes; jobs wait in it and nodes claim them.</summary>
    Postgres,
}

/// <summary>Where GradientWeb keeps jobs, histories and uploaded data sets (<c>Storage</c> section).</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file; relative paths are under the content root. Created on first start.</summary>
    [Required]
    public string Path { get; set; } = "data/gradientweb.db";

    /// <summary>
    /// With <c>sqlite</c>: the disk space kept free under the file. New jobs, sweeps, restarts and uploads are refused
    /// (507) while the most they, the waiting and the training jobs may store would leave less (<c>DiskRoom</c>).
    /// </summary>
    [Range(0, 100_000_000)]
    public long MinFreeMegabytes { get; set; } = 1024;

    /// <summary>With <c>postgres</c>: an Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// With <c>postgres</c>: how long a node's claim on a running job lasts without renewal. A node that dies
    /// loses its jobs to another node this long after its last renewal.
    /// </summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 15;

    /// <summary>
    /// With <c>postgres</c>: how often an idle node looks for a waiting job, and how often a training node renews its
    /// leases and reads cancel requests made on other nodes.
    /// </summary>
    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 500;

    /// <summary>This node's name in the leases it holds; empty: host name, process id and a random suffix.</summary>
    public string NodeId { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:Provider is postgres but Storage:ConnectionString is empty.", [nameof(ConnectionString)]);
        }

        if (PollMilliseconds * 3 > LeaseSeconds * 1000)
        {
            yield return new ValidationResult("Storage:PollMilliseconds must be at most a third of Storage:LeaseSeconds, so a lease is renewed before it runs out.", [nameof(PollMilliseconds)]);
        }
    }
}
