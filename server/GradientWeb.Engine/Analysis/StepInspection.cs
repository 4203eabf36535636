using GradientWeb.Engine.Optim;

namespace GradientWeb.Engine.Analysis;

/// <summary>
/// One optimisation step seen from inside (lecture 000 checks a step by hand): at θₖ (record k) the loss, the
/// gradient, the optimizer's state before and after the step, and θₖ₊₁ − θₖ. At the last record no step was
/// taken: <see cref="StepTaken"/> is false and the step shown is the one the next epoch would take.
/// </summary>
public sealed record StepInspection(
    int Epoch,
    float Loss,
    float[] Weights,
    float[] Gradient,
    IReadOnlyList<OptimizerBuffer> StateBefore,
    IReadOnlyList<OptimizerBuffer> StateAfter,
    float[] Update,
    float[] WeightsAfter,
    bool StepTaken,
    GraphSnapshot Graph);
