using GradientWeb.Server.Contracts;

namespace GradientWeb.Server.Hubs;

/// <summary>What the server calls on a watching page.</summary>
public interface ITrainingClient
{
    /// <summary>One or more new records of a job, in epoch order, continuing exactly where the last ended.</summary>
    Task Epochs(string jobId, IReadOnlyList<EpochRecordResponse> records);

    /// <summary>The job whenever its status changes.</summary>
    Task Status(JobResponse job);
}
