using GradientWeb.Server.Contracts;

namespace GradientWeb.Server.Jobs;

/// <summary>What a job list shows: a job's settings and state, without its data or history.</summary>
public sealed record JobSummary(string Id, TrainRequest Request, IReadOnlyList<string> ParamNames, int EpochsTotal, DateTimeOffset CreatedAt, JobState State);
