using GradientWeb.Engine.Autograd;

namespace GradientWeb.Engine.Nn;

/// <summary>
/// ŷ = w0 + w1·x1 + … + wd·xd: lecture 000's X@W with X = [1, x]. θ = [w0, w1, …] so w0 is PyTorch's bias.
/// With <paramref name="link"/> = sigmoid it is logistic regression.
/// </summary>
public sealed class LinearRegression : Module
{
    private readonly ParameterVector _parameters;
    private readonly Func<Tensor, Tensor>? _link;

    public LinearRegression(int features, Func<Tensor, Tensor>? link = null)
    {
        Features = features;
        _link = link;
        _parameters = new ParameterVector([("bias", 1, 1), ("weight", 1, features)]);
        ParamNames = [.. Enumerable.Range(0, features + 1).Select(i => $"w{i}")];
    }

    public int Features { get; }

    public override IReadOnlyList<string> ParamNames { get; }

    public override ParameterVector Parameters() => _parameters;

    public override Tensor Forward(Tensor? x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var linear = new Autograd.Ops.Linear(x, _parameters.Tensors[1], _parameters.Tensors[0]) { Label = "X@W" };
        return _link is null ? linear : _link(linear);
    }

    /// <summary>One <c>nn.Linear(d, 1)</c>: its weight fills w1…wd, its bias w0.</summary>
    public override void ResetParameters(TorchGenerator generator) =>
        generator.LinearDefaultInit(_parameters.Tensors[1].Data, _parameters.Tensors[0].Data, Features);
}
