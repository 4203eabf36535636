namespace GradientWeb.Server.Contracts;

/// <summary>
/// The shape of <c>GET /jobs/{id}/history.json</c>. <c>HistoryJson</c> writes it streamed, a page of records at a
/// time; this record only tells the OpenAPI document what that stream is.
/// </summary>
public sealed record JobHistoryFile(JobResponse Job, IReadOnlyList<string> ParamNames, IReadOnlyList<EpochRecordResponse> Records);

/// <summary>The shape of <c>GET /sweeps/{id}/history.json</c> (written streamed, as <see cref="JobHistoryFile"/>).</summary>
public sealed record SweepHistoryFile(string Sweep, IReadOnlyList<SweepRunFile> Runs);

/// <summary>One run of a sweep's history file.</summary>
public sealed record SweepRunFile(string Label, JobResponse Job, IReadOnlyList<string> ParamNames, IReadOnlyList<EpochRecordResponse> Records);
