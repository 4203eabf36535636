using System.Text.Json.Serialization;
using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;

namespace GradientWeb.Server.Contracts;

/// <summary>A job as the API shows it.</summary>
public sealed record JobResponse(
    string Id,
    JobStatus Status,
    TrainRequest Request,
    IReadOnlyList<string> ParamNames,
    int EpochsDone,
    int EpochsTotal,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JobResultResponse? Result,
    int? DivergedAt,
    string? Error,
    DiagnosticsResponse? Diagnostics,
    HealthResponse Health,
    int RecordEvery)
{
    public static JobResponse From(Job job) => From(job.Summary());

    public static JobResponse From(JobSummary job)
    {
        var state = job.State;
        var request = TrainRequest.Read(job.Request);
        return new JobResponse(
            job.Id,
            state.Status,
            request,
            job.ParamNames,
            state.EpochsDone,
            job.EpochsTotal,
            job.CreatedAt,
            state.StartedAt,
            state.FinishedAt,
            state.Outcome is { } o ? new JobResultResponse(o.FinalLoss, o.FinalWeights) : null,
            state.Outcome is { End: TrainingEnd.Diverged } d ? d.LastEpoch : null,
            state.Error,
            state.Diagnostics is { } d2 ? DiagnosticsResponse.From(d2) : null,
            HealthResponse.From(HealthRules.Judge(state.Diagnostics, state.Outcome) is var h && state.Diagnostics is null ? h with { Lr = request.Lr ?? 0 } : h),
            job.RecordEvery);
    }
}

/// <summary>The start's gradient check and how large a learning rate plain gradient descent can take (see <see cref="StartDiagnostics"/>).</summary>
public sealed record DiagnosticsResponse(
    IReadOnlyList<float> Gradient,
    IReadOnlyList<float> NumericGradient,
    double MaxRelativeDifference,
    IReadOnlyList<double>? ClosedForm,
    double? TopHessianEigenvalue,
    double? StableLrBound,
    bool BoundIsEstimate,
    BoundKind BoundKind,
    int CheckedWeights,
    double GradientCheckError,
    double GradientNorm)
{
    /// <summary>
    /// 2/λmax bounds full-batch gradient descent: with mini-batches each step follows one batch's gradient, which
    /// the bound does not cover.
    /// </summary>
    public string BoundFor => "full-batch gradient descent";

    public static DiagnosticsResponse From(StartDiagnostics d) =>
        new(d.Gradient, d.NumericGradient, d.MaxRelativeDifference, d.ClosedForm, d.TopHessianEigenvalue, d.StableLrBound, d.BoundIsEstimate,
            d.Kind, d.CheckedWeights, d.GradientCheckError, d.GradientNorm);
}

/// <summary>
/// What the page says beside the status: <c>verdict</c> (unknown, stable, unstable, diverging, diverged), α, and the
/// bound of the job's own optimizer it was judged by with how far to trust it (exact, estimated, plateau).
/// </summary>
public sealed record HealthResponse(HealthVerdict Verdict, double Lr, double? Bound, BoundKind? BoundKind, bool AboveBound)
{
    public static HealthResponse From(RunHealth h) => new(h.Verdict, h.Lr, h.Bound, h.BoundKind, h.AboveBound);
}

/// <summary>Where a finished job ended: the loss and weights of its last record.</summary>
public sealed record JobResultResponse(float FinalLoss, IReadOnlyList<float> FinalWeights);

/// <summary>
/// One epoch: θₖ, L(θₖ) and ŷ(θₖ) (null where not kept or not sent); with a split the held-out loss, the metric
/// (accuracy or r2) on both, and with mini-batches the epoch's steps. Fields a job does not have are left out.
/// </summary>
public sealed record EpochRecordResponse(int Epoch, float Loss, IReadOnlyList<float> Weights, IReadOnlyList<float>? Yhat)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? ValidationLoss { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EpochMetrics? Metrics { get; init; }

    /// <summary>The steps from record k − 1 to k: each batch's loss and θ after its step.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BatchSteps? Steps { get; init; }

    public static EpochRecordResponse From(EpochRecord record, bool withYhat = true) =>
        new(record.Epoch, record.Loss, record.Weights, withYhat ? record.Yhat : null)
        {
            ValidationLoss = record.ValidationLoss,
            Metrics = record.Metrics,
            Steps = record.Steps,
        };

    /// <summary>
    /// Maps a batch, keeping ŷ on as many records as <paramref name="yhatBudget"/> values allow, counting back
    /// from the newest, so the first epoch and the batch's last always keep theirs.
    /// </summary>
    public static IReadOnlyList<EpochRecordResponse> FromBatch(IReadOnlyList<EpochRecord> records, long yhatBudget)
    {
        var result = new EpochRecordResponse[records.Count];
        var left = yhatBudget;
        for (var i = records.Count - 1; i >= 0; i--)
        {
            var r = records[i];
            var keep = r.Yhat is not null && (i == records.Count - 1 || r.Epoch == 0 || left >= r.Yhat.Length);
            if (keep)
            {
                left -= r.Yhat!.Length;
            }

            result[i] = From(r, keep);
        }

        return result;
    }
}

public sealed record HistoryResponse(IReadOnlyList<EpochRecordResponse> Records);

/// <summary>
/// One item of <c>Watch</c>'s stream: together the pages are the job's snapshot, every record pushed before the watcher
/// joined, in order. The first page carries the job as of the snapshot's end (later pages: null); live <c>Epochs</c>
/// continue from the last page's end.
/// </summary>
public sealed record WatchPage(JobResponse? Job, IReadOnlyList<EpochRecordResponse> Records);

/// <summary>A job's data: <c>x</c> holds one list per feature column; <c>validationRows</c> the rows held out (random_split's).</summary>
public sealed record JobDataResponse(
    string Name, string Description, IReadOnlyList<string> XColumns, string YColumn, IReadOnlyList<float[]> X, IReadOnlyList<float> Y, IReadOnlyList<float>? Underlying)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? ValidationRows { get; init; }

    public static JobDataResponse From(DataSet data, ValidationSpec? validation = null) =>
        new(data.Name, data.Description, data.XColumns, data.YColumn, data.X, data.Y, data.Underlying)
        {
            ValidationRows = validation is null ? null : RandomSplit.Indices(data.Rows, validation.Fraction, validation.Seed).Validation,
        };
}
