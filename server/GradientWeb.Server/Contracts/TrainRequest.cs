using System.Text.Json;
using System.Text.Json.Serialization;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Setup;

namespace GradientWeb.Server.Contracts;

/// <summary>The body of <c>POST /train</c>. Fields left out take the defaults the job then reports back.</summary>
public sealed record TrainRequest
{
    /// <summary>A job's stored request (JSON in the API's dialect) as this type.</summary>
    public static TrainRequest Read(JsonElement stored) => stored.Deserialize<TrainRequest>(JsonDefaults.Options)!;

    /// <summary><c>{ "name": "icecream" }</c> or inline <c>{ "x": [...], "y": [...] }</c>.</summary>
    public DatasetRequest? Dataset { get; init; }

    /// <summary><c>{ "type": "linear" }</c> (the default).</summary>
    public ModelRequest? Model { get; init; }

    /// <summary><c>sse</c> (sum of squared errors, lecture 000) or <c>mse</c> (mean, the default).</summary>
    public string? Loss { get; init; }

    /// <summary>
    /// <c>{ "type": "sgd" }</c> (the default): torch.optim's optimizers (sgd, adam, adamw, rmsprop, adagrad) and their
    /// options, camelCase; options a type does not have are refused, and the job's echo leaves them out.
    /// </summary>
    public OptimizerSpec? Optimizer { get; init; }

    /// <summary>The learning rate α: a positive finite number.</summary>
    public double? Lr { get; init; }

    /// <summary>How many updates: 1 up to the configured cap.</summary>
    public int? Epochs { get; init; }

    /// <summary><c>{ "weights": [...] }</c> in <c>paramNames</c> order, or <c>{ "seed": 43052 }</c> for PyTorch's init; zeros when left out.</summary>
    public InitRequest? Init { get; init; }

    /// <summary><c>none</c> (default), <c>center</c> (x − x̄, y − ȳ) or <c>standardize</c>; ŷ is reported on the original scale.</summary>
    public string? Preprocess { get; init; }

    /// <summary><c>gradientweb</c> (our engine, the default) or <c>libtorch</c> (PyTorch's C++ library through TorchSharp, where it loads: GET /engines).</summary>
    public string? Engine { get; init; }

    /// <summary>
    /// Mini-batches as <c>DataLoader(…, batch_size, shuffle, generator=torch.Generator().manual_seed(seed), drop_last)</c>:
    /// <c>{ "size": 16, "shuffle": true, "seed": 0, "dropLast": false }</c>. Left out: the whole training set each epoch.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BatchRequest? Batch { get; init; }

    /// <summary>Held-out rows as <c>random_split</c>: <c>{ "fraction": 0.2, "seed": 0 }</c>. Left out: every row trains.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ValidationRequest? Validation { get; init; }

    /// <summary>How the page draws the job (the lecture's axes, the true weights); not used in training.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ViewRequest? View { get; init; }
}

/// <summary>A DataLoader's settings; one optimizer step per batch.</summary>
public sealed record BatchRequest
{
    /// <summary>Rows per batch: a whole number ≥ 1 (larger than the training rows: one batch of all of them).</summary>
    public int? Size { get; init; }

    /// <summary>A new order each epoch (randperm from the loader's generator); defaults to true when size is below the training rows.</summary>
    public bool? Shuffle { get; init; }

    /// <summary>The loader's generator seed (0).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Drop the last, smaller batch (false).</summary>
    public bool? DropLast { get; init; }
}

/// <summary>random_split(dataset, [1 − fraction, fraction], generator=torch.Generator().manual_seed(seed)).</summary>
public sealed record ValidationRequest
{
    /// <summary>The share held out: above 0 and below 1, leaving at least one row on each side.</summary>
    public double? Fraction { get; init; }

    /// <summary>The split's generator seed (0).</summary>
    public ulong? Seed { get; init; }
}

/// <summary>
/// One of: a built-in set <c>{ "name": "icecream" }</c>; a stored set by id (uploaded, or a built-in's name) with
/// optional columns <c>{ "id": …, "x": ["x1", "x2"], "y": "y" }</c>; inline <c>{ "x": [...], "y": [...] }</c>; or a
/// generator <c>{ "generate": "moons", "n": 200, "noise": 0.1, "seed": 7 }</c>.
/// </summary>
public sealed record DatasetRequest
{
    // Only the form used is echoed back.
    /// <summary>A built-in data set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    /// <summary>An uploaded data set's id (from POST /datasets), or a built-in's name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    /// <summary>Inline: a list of numbers (one feature) or of rows. With name/id: the x column names.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? X { get; init; }

    /// <summary>Inline: the targets, one per row of x. With name/id: the y column's name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Y { get; init; }

    /// <summary>A generator: linear, logistic, xor, circle, spiral or moons.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Generate { get; init; }

    /// <summary>Generator: how many points (linear 100, logistic 2000, others 200).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? N { get; init; }

    /// <summary>Generator: noise (linear: σ of y's noise, 0.5; xor/circle/spiral/moons: σ of the jitter).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Noise { get; init; }

    /// <summary>Generator linear/logistic: the true [w0, w1, …] (linear [2.5, 4], logistic [-1, 5]).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Weights { get; init; }

    /// <summary>Generator: the seed (0); the same request always gives the same points.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Seed { get; init; }
}

public sealed record ModelRequest
{
    /// <summary><c>linear</c> (default), <c>logistic</c>, <c>mlp</c>, or <c>function</c>.</summary>
    public string? Type { get; init; }

    /// <summary>mlp only: the nn.Sequential, e.g. <c>[{"linear": 2}, "relu", {"linear": 1}, "sigmoid"]</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Layers { get; init; }

    /// <summary>function only: the expression to minimise, e.g. <c>3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Expression { get; init; }
}

public sealed record InitRequest
{
    /// <summary>θ₀ in <c>paramNames</c> order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Weights { get; init; }

    /// <summary>θ₀ as PyTorch draws it after <c>torch.manual_seed(seed)</c> and building the same nn.Linear / nn.Sequential.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Seed { get; init; }
}
