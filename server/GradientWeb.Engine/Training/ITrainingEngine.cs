namespace GradientWeb.Engine.Training;

/// <summary>
/// The one door the server uses. Another backend (TorchSharp, where that package exists) implements this
/// and nothing in the server changes.
/// </summary>
public interface ITrainingEngine
{
    /// <summary>Checks the spec and builds the job's graph once. Throws <see cref="SpecException"/> on a spec it cannot train.</summary>
    ITrainingRun Prepare(TrainingSpec spec);
}

/// <summary>One prepared job.</summary>
public interface ITrainingRun
{
    /// <summary>One name per weight, in the order of every record's <c>Weights</c>.</summary>
    IReadOnlyList<string> ParamNames { get; }

    /// <summary>The start's gradient check and stable learning-rate bound; call before <see cref="Run"/>.</summary>
    StartDiagnostics Diagnose();

    /// <summary>
    /// Trains for the spec's epochs, handing every record (0…E) to <paramref name="onRecord"/> on the calling
    /// thread as it is made; stops early when the loss is not finite. Throws OperationCanceledException on cancel.
    /// </summary>
    TrainingOutcome Run(Action<EpochRecord> onRecord, CancellationToken cancellationToken);
}
