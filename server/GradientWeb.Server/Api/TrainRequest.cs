using System.Text.Json;

namespace GradientWeb.Server.Api;

/// <summary>The body of <c>POST /train</c>. Fields left out take the defaults the job then reports back.</summary>
public sealed record TrainRequest
{
    /// <summary><c>{ "name": "icecream" }</c> or inline <c>{ "x": [...], "y": [...] }</c>.</summary>
    public DatasetRequest? Dataset { get; init; }

    /// <summary><c>{ "type": "linear" }</c> (the default).</summary>
    public ModelRequest? Model { get; init; }

    /// <summary><c>sse</c> (sum of squared errors, lecture 000) or <c>mse</c> (mean, the default).</summary>
    public string? Loss { get; init; }

    /// <summary><c>{ "type": "sgd" }</c> (the default).</summary>
    public OptimizerRequest? Optimizer { get; init; }

    /// <summary>The learning rate α: a positive finite number.</summary>
    public double? Lr { get; init; }

    /// <summary>How many updates: 1 up to the configured cap.</summary>
    public int? Epochs { get; init; }

    /// <summary><c>{ "weights": [...] }</c> in <c>paramNames</c> order; zeros when left out.</summary>
    public InitRequest? Init { get; init; }
}

public sealed record DatasetRequest
{
    /// <summary>A built-in data set.</summary>
    public string? Name { get; init; }

    /// <summary>Inline inputs: a list of numbers (one feature) or a list of rows (several features).</summary>
    public JsonElement? X { get; init; }

    /// <summary>Inline targets, as many as x has rows.</summary>
    public IReadOnlyList<double>? Y { get; init; }
}

public sealed record ModelRequest
{
    public string? Type { get; init; }
}

public sealed record OptimizerRequest
{
    public string? Type { get; init; }
}

public sealed record InitRequest
{
    public IReadOnlyList<double>? Weights { get; init; }
}
