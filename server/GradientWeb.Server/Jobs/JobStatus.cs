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

    /// <summary>The server stopped while the job was queued or running; its history so far is kept and it can be restarted.</summary>
    Interrupted,
}

public static class JobStatusExtensions
{
    public static bool IsFinished(this JobStatus status) => status is not (JobStatus.Queued or JobStatus.Running);

    /// <summary>Jobs that stopped short and can be run again from the start (training is deterministic).</summary>
    public static bool CanRestart(this JobStatus status) => status is JobStatus.Interrupted or JobStatus.Cancelled or JobStatus.Failed;
}
