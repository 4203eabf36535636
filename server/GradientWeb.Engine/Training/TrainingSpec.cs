using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;

namespace GradientWeb.Engine.Training;

/// <summary>Everything a job needs, already resolved to engine terms (the server maps its JSON onto this).</summary>
public sealed record TrainingSpec(
    DataSet? Data,
    ModelSpec Model,
    LossKind Loss,
    OptimizerSpec Optimizer,
    double Lr,
    int Epochs,
    IReadOnlyList<double>? InitWeights);

/// <summary>Which model; <c>linear</c> for now.</summary>
public sealed record ModelSpec(string Type);

/// <summary>Which optimizer; <c>sgd</c> for now.</summary>
public sealed record OptimizerSpec(string Type);
