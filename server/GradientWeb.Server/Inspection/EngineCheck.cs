using GradientWeb.Engine.Training;
using GradientWeb.Engine.TorchSharp;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Engines;
using GradientWeb.Server.Jobs;

namespace GradientWeb.Server.Inspection;

/// <summary>The largest difference between the job's record and the other engine's at one epoch: in the loss, or in one weight (<see cref="Index"/>).</summary>
public sealed record EngineDifference(int Epoch, int? Index, string? Name, double Job, double Other, double Absolute, double Relative);

/// <summary>A finished job rerun on the other engine, compared with its own history epoch by epoch.</summary>
public sealed record EngineCheckResult(string Engine, string Against, int Epochs, bool SameEnd, EngineDifference Loss, EngineDifference Weights);

/// <summary>
/// "Check against libtorch": reruns a finished job's spec on the other engine (deterministic, so any difference is
/// the engines', not the run's) and reports the largest per-epoch difference in the loss and in the weights.
/// </summary>
public static class EngineCheck
{
    public static EngineCheckResult Run(Job job, IReadOnlyList<EpochRecord> history, ITrainingEngine engines, long budget, CancellationToken cancellationToken)
    {
        if (job.Status is not (JobStatus.Completed or JobStatus.Diverged) || history.Count == 0)
        {
            throw new InspectionException("A job is checked against the other engine once it has finished (completed or diverged).");
        }

        var rows = Math.Max(1, job.Spec.Data?.Rows ?? 1);
        if ((long)job.Spec.Epochs * rows > budget)
        {
            throw new InspectionException($"Rerunning {job.Spec.Epochs} epochs × {rows} rows is more than one check may do here ({budget}, Limits:MaxInspectionWork).");
        }

        var other = job.Spec.Engine == TrainingEngines.LibTorch ? TrainingEngines.Default : TrainingEngines.LibTorch;
        var rerun = new List<EpochRecord>(history.Count);
        try
        {
            engines.Prepare(job.Spec with { Engine = other }).Run(rerun.Add, cancellationToken);
        }
        catch (LibTorchUnavailableException ex)
        {
            throw new RequestValidationException("engine", $"The libtorch engine is not available on this server: {ex.Message}");
        }

        var epochs = Math.Min(history.Count, rerun.Count);
        var loss = Worst(epochs, k => [(null, history[k].Loss, rerun[k].Loss)], job.ParamNames);
        var weights = Worst(epochs, k => Enumerable.Range(0, history[k].Weights.Length).Select(i => ((int?)i, history[k].Weights[i], rerun[k].Weights[i])), job.ParamNames);
        return new EngineCheckResult(other, job.Spec.Engine, epochs - 1, history.Count == rerun.Count, loss, weights);
    }

    private static EngineDifference Worst(int epochs, Func<int, IEnumerable<(int? Index, float Job, float Other)>> values, IReadOnlyList<string> names)
    {
        var worst = new EngineDifference(0, null, null, 0, 0, -1, 0);
        for (var k = 0; k < epochs; k++)
        {
            foreach (var (index, mine, theirs) in values(k))
            {
                // A NaN or ∞ on one side only is the largest difference there is; on both sides it is none.
                var absolute = mine.Equals(theirs) ? 0 : Math.Abs((double)mine - theirs);
                absolute = double.IsNaN(absolute) ? double.PositiveInfinity : absolute;
                if (absolute > worst.Absolute)
                {
                    var scale = Math.Max(Math.Abs((double)mine), Math.Abs((double)theirs));
                    worst = new EngineDifference(k, index, index is { } i ? names[i] : null, mine, theirs, absolute, scale > 0 ? absolute / scale : 0);
                }
            }
        }

        return worst with { Absolute = Math.Max(worst.Absolute, 0) };
    }
}
