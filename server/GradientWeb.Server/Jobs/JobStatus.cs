namespace GradientWeb.Server.Jobs;

public enum JobStatus
{
    Queued,
    Running,
    Completed,

    /// <summary>The loss became NaN or ±∞; the history up to that epoch is kept.</summary>
    Diverged,
    Failed,
    Cancelled,
}

public static class JobStatusExtensions
{
    public static bool IsFinished(this JobStatus status) => status is not (JobStatus.Queued or JobStatus.Running);
}
