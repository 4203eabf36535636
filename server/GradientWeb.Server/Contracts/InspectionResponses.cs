using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Optim;
using GradientWeb.Server.Inspection;

namespace GradientWeb.Server.Contracts;

public sealed record LandscapeAxisResponse(int Index, string Name, IReadOnlyList<float> Values);

public sealed record LandscapePointResponse(float A, float B, float Loss)
{
    public static LandscapePointResponse From(LandscapePoint p) => new(p.A, p.B, p.Loss);
}

/// <summary><c>loss[j][i]</c> is L at (a.values[i], b.values[j]); one row when there is no b.</summary>
public sealed record LandscapeResponse(int Epoch, LandscapeAxisResponse A, LandscapeAxisResponse? B, float[][] Loss, IReadOnlyList<float> Held, LandscapePointResponse Lowest)
{
    public static LandscapeResponse From(int epoch, LandscapeGrid grid) => new(
        epoch,
        new(grid.A.Index, grid.A.Name, grid.A.Values),
        grid.B is { } b ? new(b.Index, b.Name, b.Values) : null,
        grid.Loss,
        grid.Held,
        LandscapePointResponse.From(grid.Lowest));
}

/// <summary>ŷ at the job's data points, in the order of <c>/jobs/{id}/data</c>, on the original scale.</summary>
public sealed record PredictionsResponse(int Epoch, IReadOnlyList<float> Yhat);

/// <summary>ŷ (a probability for classifiers) over the plane of the two features: <c>yhat[j][i]</c> at (x1[i], x2[j]).</summary>
public sealed record BoundaryResponse(int Epoch, IReadOnlyList<string> Columns, IReadOnlyList<float> X1, IReadOnlyList<float> X2, float[][] Yhat)
{
    public static BoundaryResponse From(BoundaryGrid g) => new(g.Epoch, g.Columns, g.X1, g.X2, g.Yhat);
}

public sealed record OptimizerBufferResponse(string Name, IReadOnlyList<float> Values)
{
    public static IReadOnlyList<OptimizerBufferResponse> From(IReadOnlyList<OptimizerBuffer> buffers) => [.. buffers.Select(b => new OptimizerBufferResponse(b.Name, b.Values))];
}

public sealed record GraphNodeResponse(int Id, string Label, string Kind, string Op, IReadOnlyList<int> Inputs, IReadOnlyList<int> Shape, IReadOnlyList<float> Value, IReadOnlyList<float>? Grad);

/// <summary>The step from record <c>epoch</c>: θ, ∇L, the optimizer's state before and after, θ's change, and the graph at θ.</summary>
public sealed record StepResponse(
    int Epoch,
    int Step,
    float Loss,
    IReadOnlyList<string> ParamNames,
    IReadOnlyList<float> Weights,
    IReadOnlyList<float> Gradient,
    IReadOnlyList<OptimizerBufferResponse> StateBefore,
    IReadOnlyList<OptimizerBufferResponse> StateAfter,
    IReadOnlyList<float> Update,
    IReadOnlyList<float> WeightsAfter,
    bool StepTaken,
    IReadOnlyList<GraphNodeResponse> Graph,
    int GraphNodes)
{
    public static StepResponse From(StepInspection s, IReadOnlyList<string> names) => new(
        s.Epoch,
        s.Epoch + 1,
        s.Loss,
        names,
        s.Weights,
        s.Gradient,
        OptimizerBufferResponse.From(s.StateBefore),
        OptimizerBufferResponse.From(s.StateAfter),
        s.Update,
        s.WeightsAfter,
        s.StepTaken,
        [.. s.Graph.Nodes.Select(n => new GraphNodeResponse(n.Id, n.Label, n.Kind, n.Op, n.Inputs, [n.Rows, n.Cols], n.Value, n.Grad))],
        s.Graph.TotalNodes);
}

/// <summary>The grid that reached the target: <c>step</c> apart along the first weight, searched over <c>domain</c>.</summary>
public sealed record GridSearchPartResponse(bool Reached, int PointsPerAxis, long Evaluations, LandscapePointResponse Best, double Step, IReadOnlyList<double[]> Domain);

public sealed record GradientDescentPartResponse(bool Reached, int? Epoch, long? Evaluations, float? Loss);

/// <summary>
/// Lecture 004's comparison: loss evaluations each method spent to come within <c>tolerance</c> of the minimum
/// (<c>reference</c>). Grid search: the first grid (spacings 5, 2, 1, 0.5, … over the domain) whose best point is within it.
/// Gradient descent: the first epoch within it, one loss-and-gradient evaluation per epoch.
/// </summary>
public sealed record GridSearchResponse(float Reference, float Tolerance, float Target, GridSearchPartResponse GridSearch, GradientDescentPartResponse GradientDescent)
{
    public static GridSearchResponse From(GridSearchComparison c) => new(
        c.Reference,
        c.Tolerance,
        c.Target,
        new(c.Grid.Reached, c.Grid.PointsPerAxis, c.Grid.Evaluations, LandscapePointResponse.From(c.Grid.Best), c.Grid.Step, c.Domain),
        new(c.GradientDescentEpoch is not null, c.GradientDescentEpoch, c.GradientDescentEpoch + 1, c.GradientDescentLoss));
}
