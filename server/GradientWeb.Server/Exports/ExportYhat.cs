using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;

namespace GradientWeb.Server.Exports;

/// <summary>
/// ŷ for a JSON export asked with <c>?yhat=true</c>: on every epoch of the export's sample
/// (<see cref="YhatSampling.ExportStride"/>, what the history stored before ŷ's budget shrank) and wherever ŷ was
/// stored. A job stores ŷ only on a small sample (<see cref="YhatSampling.Stride"/>), so the rest is computed from each
/// record's weights as <c>GET /jobs/{id}/predictions</c> does (<see cref="ITrainingRun.YhatAt"/>: the training graph's
/// own forward pass, so the same numbers as if stored), on a run prepared once per job, before the response starts.
/// </summary>
public sealed class ExportYhat
{
    private readonly Job _job;
    private readonly int _stride;
    private readonly ITrainingRun? _run;

    private ExportYhat(Job job, int stride, ITrainingRun? run)
    {
        _job = job;
        _stride = stride;
        _run = run;
    }

    /// <summary>No ŷ at all: the export was asked without it.</summary>
    public static ExportYhat None(Job job) => new(job, 0, null);

    /// <summary>
    /// Checks that computing the missing ŷ of every job is within one inspection's work (vectors × rows against
    /// <paramref name="maxWork"/>, Limits:MaxInspectionWork) and prepares the runs that compute them: a refusal or a
    /// libtorch that does not load is a problem before the first byte of the download, not a broken stream.
    /// </summary>
    public static IReadOnlyList<ExportYhat> Prepare(IReadOnlyList<Job> jobs, ITrainingEngine engine, long maxWork)
    {
        var work = jobs.Sum(Work);
        if (work > maxWork)
        {
            throw new RequestValidationException(
                "yhat",
                $"Computing the ŷ this export leaves unstored ({work} rows' predictions) is more work than one request may do ({maxWork}, Limits:MaxInspectionWork); export without ?yhat=true, or ask GET /jobs/{{id}}/predictions?epoch= for the epochs you need.");
        }

        return [.. jobs.Select(job => new ExportYhat(job, ExportStride(job), Work(job) > 0 ? engine.Prepare(job.Spec) : null))];
    }

    /// <summary>The record's ŷ for the export: stored, computed on the export's sample, else none.</summary>
    public float[]? Of(EpochRecord record)
    {
        if (_stride == 0 || record.Yhat is not null)
        {
            return _stride == 0 ? null : record.Yhat;
        }

        return _run is not null && YhatSampling.Keeps(record.Epoch, record.Loss, _job.EpochsTotal, _stride) ? _run.YhatAt(record.Weights) : null;
    }

    private static int ExportStride(Job job) => YhatSampling.ExportStride(job.EpochsTotal, job.Spec.Data?.Rows ?? 0);

    // Rows' predictions to compute at most: the export's sample of the epochs done, less those the job stored (its
    // first and last, every stride-th; a diverged run's last one too). 0 for a function (no ŷ) and a small job.
    private static long Work(Job job)
    {
        if (job.Spec.Data is not { } data)
        {
            return 0;
        }

        var (epochs, done) = (job.EpochsTotal, job.Snapshot().EpochsDone);
        var (export, stored) = (ExportStride(job), YhatSampling.Stride(epochs, data.Rows, job.Spec.RecordEvery));
        long missing = 0;
        for (var epoch = 0; epoch <= done; epoch += export)
        {
            missing += YhatSampling.Keeps(epoch, epochs, stored) ? 0 : 1;
        }

        return missing * data.Rows;
    }
}
