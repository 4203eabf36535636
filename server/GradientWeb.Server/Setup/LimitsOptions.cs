using System.ComponentModel.DataAnnotations;

namespace GradientWeb.Server.Setup;

/// <summary>What one request or one client may ask of the server (<c>Limits</c> section), documented in the README.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request body, in bytes (inline data included).</summary>
    [Range(1024, 1_073_741_824)]
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The most weights a model may have.</summary>
    [Range(1, 100_000_000)]
    public int MaxParameters { get; set; } = 100_000;

    /// <summary>The most values one forward pass may hold: rows × (the widths of every layer's output).</summary>
    [Range(1, 2_000_000_000)]
    public long MaxGraphValues { get; set; } = 20_000_000;

    /// <summary>The most work per job: epochs × rows.</summary>
    [Range(1, long.MaxValue)]
    public long MaxEpochRows { get; set; } = 500_000_000;

    /// <summary>
    /// The most weight values one job keeps, records × weights (4 bytes each, on disk and in memory while it trains):
    /// beyond it only every k-th record is kept (with the first and the last; the job reports k as recordEvery).
    /// </summary>
    [Range(2, 2_000_000_000)]
    public long MaxStoredValues { get; set; } = 20_000_000;

    /// <summary>The most optimizer steps per job: epochs × mini-batches per epoch (each step has its own overhead).</summary>
    [Range(1, long.MaxValue)]
    public long MaxSteps { get; set; } = 20_000_000;

    /// <summary>
    /// The most work one inspection request may do (landscape, grid search, replayed step): loss evaluations or
    /// replayed epochs × rows.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxInspectionWork { get; set; } = 50_000_000;

    /// <summary>Jobs, restarts and uploads one client (by IP address) may create per minute, steadily.</summary>
    [Range(1, 1_000_000)]
    public int CreatePerMinute { get; set; } = 60;

    /// <summary>How many of those a client may create at once before the per-minute rate applies.</summary>
    [Range(1, 1_000_000)]
    public int CreateBurst { get; set; } = 30;

    /// <summary>The most runs one sweep may start (every combination of its varied settings).</summary>
    [Range(1, 10_000)]
    public int MaxSweepRuns { get; set; } = 64;

    /// <summary>Origins allowed to call the API from other sites' pages; empty (the default) allows none.</summary>
    public string[] CorsOrigins { get; set; } = [];
}
