namespace GradientWeb.Engine.Training;

/// <summary>
/// The state after <paramref name="Epoch"/> updates: θₖ, L(θₖ) and ŷ(θₖ), all at the same point. Record 0 is the
/// start. <paramref name="Yhat"/> is null on epochs whose predictions were not kept (long runs keep a sample).
/// With a validation split <paramref name="Loss"/> is on the training rows only; with mini-batches record k is θ after k
/// epochs and <see cref="Steps"/> holds the steps of epoch k.
/// </summary>
public sealed record EpochRecord(int Epoch, float Loss, float[] Weights, float[]? Yhat)
{
    /// <summary>L(θₖ) on the held-out rows (null without a validation split).</summary>
    public float? ValidationLoss { get; init; }

    /// <summary>Accuracy (bce) or R² (sse, mse) at θₖ; null for a function model.</summary>
    public EpochMetrics? Metrics { get; init; }

    /// <summary>The mini-batch steps that led here from record k − 1; null for full-batch jobs, record 0 and unkept epochs.</summary>
    public BatchSteps? Steps { get; init; }
}

/// <summary><paramref name="Name"/> is <c>accuracy</c> or <c>r2</c>; <paramref name="Validation"/> is null without a split.</summary>
public sealed record EpochMetrics(string Name, float Train, float? Validation);

/// <summary>
/// One epoch's optimizer steps: step i's batch loss (at θ before the step, what <c>loss.item()</c> prints in the
/// loop) and θ after it. The last step's θ is the record's θ.
/// </summary>
public sealed record BatchSteps(float[] Losses, float[][] Weights);

public enum TrainingEnd
{
    Completed,

    /// <summary>The loss became NaN or ±∞; the last record holds it.</summary>
    Diverged,
}

public sealed record TrainingOutcome(TrainingEnd End, int LastEpoch, float FinalLoss, float[] FinalWeights)
{
    /// <summary>The loss rose over the last epochs and ends above the run's lowest (<see cref="LossTrend"/>): diverging, even if finite.</summary>
    public bool LossGrowing { get; init; }

    /// <summary>How a run ended, told by its last record (which every engine hands to the caller last).</summary>
    public static TrainingOutcome Of(EpochRecord last) =>
        new(float.IsFinite(last.Loss) ? TrainingEnd.Completed : TrainingEnd.Diverged, last.Epoch, last.Loss, last.Weights);
}
