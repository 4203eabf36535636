using System.Text.Json;

namespace GradientWeb.Server.Jobs;

/// <summary>What a job list shows: a job's settings (the request as JSON) and state, without its data or history.</summary>
public sealed record JobSummary(string Id, JsonElement Request, IReadOnlyList<string> ParamNames, int EpochsTotal, DateTimeOffset CreatedAt, JobState State, int RecordEvery = 1);
