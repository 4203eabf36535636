using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Autograd;

namespace GradientWeb.Engine.Training;

/// <summary>
/// Starts a job's start diagnostics so that its training need not wait for them. They are a few hundred forward
/// passes at θ₀ (the gradient check's two per checked weight, the Hessian-vector products' two backward passes per
/// power iteration): for a 1→64→64→1 net on 2 000 rows as much work as ~150 epochs, before the first. Where a core is
/// spare they are computed on it, on a twin of the run (the same spec prepared again: the same data, θ₀ and graph, so
/// the same diagnostics bit for bit), while the run itself trains on its own core.
/// </summary>
/// <remarks>
/// Spare means no run of this process holds it (<see cref="CoreBudget"/>): the analysis takes a core lease before the
/// training starts, so the training's products do not split over that core meanwhile, and a job that starts while it
/// runs sees both cores taken and analyses first on its own core, as every job used to. So with the worker slots full
/// no job's diagnostics take a core another job trains on; the CPU work is the same either way (each job's analysis
/// once), only the otherwise idle core is used. A small job (under <see cref="BesideWork"/>) analyses first too: its
/// analysis is cheaper than preparing a twin and starting a thread.
/// </remarks>
public static class StartDiagnosis
{
    /// <summary>Rows × weights from which a twin pays: its analysis is then ~10 ms or more, a twin well under 1 ms.</summary>
    internal const long BesideWork = 1 << 16;

    /// <summary>
    /// The diagnostics of <paramref name="run"/> at θ₀: beside it on a twin from <paramref name="twin"/> when a core
    /// is spare and the run large enough (the task completes later; <paramref name="run"/> is left untouched), else
    /// computed on <paramref name="run"/> now (the task is complete on return, as <see cref="ITrainingRun.Diagnose"/>).
    /// Call just before <see cref="ITrainingRun.Run"/>; <paramref name="cancellationToken"/> stops the twin's analysis.
    /// </summary>
    public static Task<StartDiagnostics> Begin(ITrainingRun run, Func<ITrainingRun> twin, CancellationToken cancellationToken) =>
        GoesBeside(run, coreSpare: true) && CoreBudget.TryEnterBeside(out var lease)
            ? Beside(lease, twin, cancellationToken)
            : Task.FromResult(run.Diagnose());

    /// <summary><see cref="Begin(ITrainingRun, Func{ITrainingRun}, CancellationToken)"/> with whether a core is spare given (tests).</summary>
    internal static Task<StartDiagnostics> Begin(ITrainingRun run, Func<ITrainingRun> twin, CancellationToken cancellationToken, bool coreSpare) =>
        GoesBeside(run, coreSpare) ? Beside(CoreBudget.Enter(), twin, cancellationToken) : Task.FromResult(run.Diagnose());

    // The analysis on a twin, on its own thread, holding the core lease taken for it until it ends.
    private static Task<StartDiagnostics> Beside(CoreBudget.Lease lease, Func<ITrainingRun> twin, CancellationToken cancellationToken)
    {
        try
        {
            return Task.Factory.StartNew(
                () =>
                {
                    using (lease)
                    {
                        return twin() is TrainingRun ours ? ours.Analyse(cancellationToken) : throw new InvalidOperationException("The twin is not this engine's run.");
                    }
                },
                CancellationToken.None, // always run the delegate: it alone gives the lease back
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>Beside only this engine's runs (a twin of another engine's run may hold threads of its own) and large ones.</summary>
    internal static bool GoesBeside(ITrainingRun run, bool coreSpare) => coreSpare && run is TrainingRun { AnalysisWork: >= BesideWork };
}
