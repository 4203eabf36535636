using GradientWeb.Engine.Analysis;

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
    /// Trains for the spec's epochs, handing every record (0…E) the spec keeps (<see cref="TrainingSpec.RecordEvery"/>)
    /// to <paramref name="sink"/> on the calling thread as it is made, written into the run's <see cref="RecordBlock"/>s
    /// (no object per epoch); stops early when the loss is not finite. Throws OperationCanceledException on cancel.
    /// <see cref="RecordSinks.Run"/> hands each record over as an <see cref="EpochRecord"/> instead.
    /// </summary>
    TrainingOutcome Run(IRecordSink sink, CancellationToken cancellationToken);

    // Inspection: each call below overwrites the run's weights, so inspect a freshly prepared run, never one
    // that is training.

    /// <summary>L(θ) on the job's own data and loss (a loss landscape is many of these).</summary>
    float LossAt(ReadOnlySpan<float> weights);

    /// <summary>
    /// ŷ(θ) at the job's own rows exactly as a record keeps it (the training graph's own forward pass, the held-out
    /// rows through theirs, in the data's order, on the original scale), so the ŷ of an epoch whose ŷ was not stored
    /// is bit for bit what it would have stored. Throws SpecException for a function.
    /// </summary>
    float[] YhatAt(ReadOnlySpan<float> weights);

    /// <summary>
    /// ŷ(θ) at other inputs than the data's (a grid over the plane for a decision boundary): feature columns in
    /// the data's original units in, predictions on the original scale out. Throws SpecException for a function.
    /// </summary>
    float[] PredictAt(ReadOnlySpan<float> weights, IReadOnlyList<float[]> xColumns);

    /// <summary>
    /// Replays training (deterministic, so identical to the recorded history) up to record <paramref name="epoch"/>
    /// and looks inside the step taken there. A run replays once.
    /// </summary>
    StepInspection InspectStep(int epoch, CancellationToken cancellationToken);
}
