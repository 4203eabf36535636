using GradientWeb.Server.Setup;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Storage;

/// <summary>
/// The disk left under the SQLite file. Each job's storage is capped (Limits:MaxStoredValues), but requests keep
/// coming: a new job, sweep, restart or upload is refused while the volume would keep less than
/// Storage:MinFreeMegabytes once it, the jobs already waiting and those training stored the most they may. So no
/// stream of requests fills the disk; what is stored stays readable and can be purged to make room. A PostgreSQL
/// server's disk is its operator's, not this node's, and is not measured here.
/// </summary>
public sealed class DiskRoom(Database database, IOptions<StorageOptions> storage, IOptions<LimitsOptions> limits, IOptions<TrainingOptions> training)
{
    // A job at the cap stores its weights as float32 plus record headers, ŷ and steps: 87–89 MB measured for an
    // 80 MB weight cap (README, storage per job); a quarter more covers that with room.
    private long JobBytes => limits.Value.MaxStoredValues * sizeof(float) * 5 / 4;

    /// <summary>Throws <see cref="StorageFullException"/> unless <paramref name="jobs"/> new jobs fit beside <paramref name="waiting"/> waiting ones.</summary>
    public void EnsureRoomForJobs(int jobs, int waiting) =>
        EnsureRoom((jobs + waiting + training.Value.MaxConcurrentJobs) * JobBytes);

    /// <summary>Throws <see cref="StorageFullException"/> unless an upload of about <paramref name="bytes"/> fits.</summary>
    public void EnsureRoomForUpload(long bytes) => EnsureRoom(2 * bytes);

    private void EnsureRoom(long bytes)
    {
        if (database is not SqliteDatabase sqlite || FreeBytes(sqlite.FilePath) is not { } free)
        {
            return;
        }

        var reserve = storage.Value.MinFreeMegabytes * 1024L * 1024L;
        if (free - bytes < reserve)
        {
            throw new StorageFullException(
                $"The server's disk is nearly full ({free / (1024 * 1024)} MB free, {storage.Value.MinFreeMegabytes} MB kept free, up to {bytes / (1024 * 1024)} MB for this request and the jobs before it): nothing was stored. Delete old jobs (DELETE /jobs/{{id}}?purge=true) or ask the operator for room.");
        }
    }

    private static long? FreeBytes(string file)
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(file)!).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null; // A volume the runtime cannot measure: the per-job caps still hold.
        }
    }
}

/// <summary>The storage volume has no room for what a request may store (507 Insufficient Storage).</summary>
public sealed class StorageFullException(string message) : Exception(message);
