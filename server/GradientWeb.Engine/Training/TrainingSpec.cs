using System.Text.Json.Serialization;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;

namespace GradientWeb.Engine.Training;

/// <summary>Everything a job needs, already resolved to engine terms (the server maps its JSON onto this).</summary>
public sealed record TrainingSpec(
    [property: JsonIgnore] DataSet? Data,
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

    /// <summary>
    /// Which records the caller keeps (see <see cref="RecordSampling"/>): every k-th, with the first, the last and a
    /// non-finite one. The run still makes every record; a server sets this to bound what one job stores.
    /// </summary>
    public int RecordEvery { get; init; } = 1;

    /// <summary>Which engine trains the job (<c>gradientweb</c> or <c>libtorch</c>); the server routes on it, an engine ignores it.</summary>
    public string Engine { get; init; } = "gradientweb";
}

/// <summary>The four kinds of model; on the wire their lower-case names.</summary>
public enum ModelKind
{
    Linear,
    Logistic,
    Mlp,
    Function,
}

/// <summary>A <see cref="ModelKind"/>, with an mlp's <see cref="Layers"/> or a function's <see cref="Expression"/>.</summary>
public sealed record ModelSpec(ModelKind Type)
{
    public IReadOnlyList<Nn.LayerSpec>? Layers { get; init; }

    public string? Expression { get; init; }
}

/// <summary>
/// An optimizer and its options, named as in torch.optim (camelCase): the request's <c>optimizer</c> binds to this
/// type directly. Options a type does not have must be null (and are left out of the JSON);
/// <see cref="Optim.OptimizerFactory.Normalize"/> checks them once and fills in PyTorch's defaults.
/// </summary>
public sealed record OptimizerSpec(string? Type = null)
{
    /// <summary>sgd, rmsprop.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Momentum { get; init; }

    /// <summary>sgd.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Dampening { get; init; }

    /// <summary>sgd.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Nesterov { get; init; }

    /// <summary>every type; adamw defaults to 0.01.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WeightDecay { get; init; }

    /// <summary>adam, adamw: [beta1, beta2].</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Betas { get; init; }

    /// <summary>adam, adamw, rmsprop, adagrad.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Eps { get; init; }

    /// <summary>adam, adamw.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Amsgrad { get; init; }

    /// <summary>rmsprop.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Alpha { get; init; }

    /// <summary>rmsprop.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Centered { get; init; }

    /// <summary>adagrad.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LrDecay { get; init; }

    /// <summary>adagrad.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? InitialAccumulatorValue { get; init; }
}
