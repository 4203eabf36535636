using System.ComponentModel.DataAnnotations;

namespace GradientWeb.Server.Setup;

/// <summary>Limits and pacing of training, bound from the <c>Training</c> configuration section.</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>The most epochs one job may ask for (lecture 001 alone runs 10 000).</summary>
    [Range(1, 10_000_000)]
    public int MaxEpochs { get; set; } = 100_000;

    /// <summary>How many jobs train at the same time; the rest wait in the queue.</summary>
    [Range(1, 256)]
    public int MaxConcurrentJobs { get; set; } = 2;

    /// <summary>How many accepted jobs may wait to start.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>The least time between two pushes to a job's watchers, however fast training runs.</summary>
    [Range(1, 10_000)]
    public int StreamIntervalMilliseconds { get; set; } = 50;

    /// <summary>A job running longer than this is stopped and marked failed, with the reason.</summary>
    [Range(1, 86_400)]
    public int MaxJobSeconds { get; set; } = 600;

    /// <summary>
    /// The most ŷ values one pushed message carries; the batch's last record always keeps its ŷ. Small: a live page
    /// draws the newest ŷ, and parsing 250 000 values per push cost a 10 000-epoch stream a third of its frames.
    /// </summary>
    [Range(1, 100_000_000)]
    public int StreamYhatBudget { get; set; } = 20_000;

    public const long DefaultMaxHeldValues = 4_000_000;

    /// <summary>
    /// The most values (weights, ŷ, steps) of one running job's records kept in memory before they are stored: the
    /// rest of its history is read from storage, and training waits while storage is this far behind.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxHeldValues { get; set; } = DefaultMaxHeldValues;
}
