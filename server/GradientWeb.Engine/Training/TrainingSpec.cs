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
    IReadOnlyList<double>? InitWeights)
{
    /// <summary>Start where PyTorch would after <c>torch.manual_seed(InitSeed)</c> (instead of <see cref="InitWeights"/>).</summary>
    public ulong? InitSeed { get; init; }

    public Preprocess Preprocess { get; init; }

    /// <summary>Mini-batches as PyTorch's DataLoader makes them; null trains on the whole training set each epoch.</summary>
    public BatchSpec? Batch { get; init; }

    /// <summary>Rows held out as random_split holds them out; null trains on every row.</summary>
    public ValidationSpec? Validation { get; init; }

    /// <summary>Which engine trains the job (<c>gradientweb</c> or <c>libtorch</c>); the server routes on it, an engine ignores it.</summary>
    public string Engine { get; init; } = "gradientweb";
}

/// <summary><c>linear</c>, <c>logistic</c>, <c>mlp</c> with its <see cref="Layers"/>, or <c>function</c> with its <see cref="Expression"/>.</summary>
public sealed record ModelSpec(string Type)
{
    public IReadOnlyList<Nn.LayerSpec>? Layers { get; init; }

    public string? Expression { get; init; }
}

/// <summary>
/// An optimizer and its options, named as in torch.optim (camelCase). Options a type does not have must be null;
/// <see cref="Optim.OptimizerFactory.Normalize"/> fills in PyTorch's defaults.
/// </summary>
public sealed record OptimizerSpec(string Type)
{
    public double? Momentum { get; init; }

    public double? Dampening { get; init; }

    public bool? Nesterov { get; init; }

    public double? WeightDecay { get; init; }

    public IReadOnlyList<double>? Betas { get; init; }

    public double? Eps { get; init; }

    public bool? Amsgrad { get; init; }

    public double? Alpha { get; init; }

    public bool? Centered { get; init; }

    public double? LrDecay { get; init; }

    public double? InitialAccumulatorValue { get; init; }
}
