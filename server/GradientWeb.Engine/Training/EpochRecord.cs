namespace GradientWeb.Engine.Training;

/// <summary>
/// The state after <paramref name="Epoch"/> updates: θₖ, L(θₖ) and ŷ(θₖ), all at the same point. Record 0 is the
/// start. <paramref name="Yhat"/> is null on epochs whose predictions were not kept (long runs keep a sample).
/// </summary>
public sealed record EpochRecord(int Epoch, float Loss, float[] Weights, float[]? Yhat);

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
}
