using System.Text.Json;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Contracts;

/// <summary>The body of <c>POST /sweeps</c>.</summary>
public sealed record SweepRequest
{
    /// <summary>A /train body that every run starts from.</summary>
    public JsonElement? Base { get; init; }

    /// <summary>Setting → values; every combination is one run. Keys are job fields or dotted paths (<c>optimizer.momentum</c>).</summary>
    public Dictionary<string, JsonElement>? Vary { get; init; }
}

/// <summary>A sweep: its runs, each labelled by what differs, with its job's state, and the page that compares them.</summary>
public sealed record SweepResponse(string Id, DateTimeOffset CreatedAt, IReadOnlyList<SweepMemberResponse> Members, string CompareUrl)
{
    public static SweepResponse From(StoredSweep sweep, IJobStore store) => new(
        sweep.Id,
        sweep.CreatedAt,
        [.. sweep.Members.Select(m => new SweepMemberResponse(m.JobId, m.Label, store.Find(m.JobId) is { } job ? JobResponse.From(job) : null))],
        $"/?sweep={sweep.Id}");
}

/// <summary>One run; <see cref="Job"/> is null once the job has been purged.</summary>
public sealed record SweepMemberResponse(string JobId, string Label, JobResponse? Job);
