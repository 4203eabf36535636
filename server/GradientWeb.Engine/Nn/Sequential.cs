using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Autograd.Ops;

namespace GradientWeb.Engine.Nn;

/// <summary>One layer of an <c>nn.Sequential</c>: <c>linear</c> with its output width, or an activation.</summary>
public sealed record LayerSpec(string Kind, int Units = 0)
{
    public static IReadOnlyList<string> Activations { get; } = ["relu", "sigmoid", "tanh", "identity"];
}

/// <summary>
/// The lectures' <c>nn.Sequential</c> of Linear layers and activations. θ holds each Linear's weight (row-major
/// [out, in]) then bias, in <c>state_dict()</c> order, named <c>0.weight[1,0]</c>, <c>0.bias[1]</c>, ….
/// </summary>
public sealed class Sequential : Module
{
    private readonly IReadOnlyList<LayerSpec> _layers;
    private readonly ParameterVector _parameters;
    private readonly Dictionary<int, (Tensor Weight, Tensor Bias)> _linear = [];

    public Sequential(int inputs, IReadOnlyList<LayerSpec> layers)
    {
        _layers = layers;
        var shapes = new List<(string, int, int)>();
        var names = new List<string>();
        var width = inputs;
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].Kind != "linear")
            {
                continue;
            }

            var units = layers[i].Units;
            shapes.Add(($"{i}.weight", units, width));
            shapes.Add(($"{i}.bias", 1, units));
            for (var o = 0; o < units; o++)
            {
                for (var k = 0; k < width; k++)
                {
                    names.Add($"{i}.weight[{o},{k}]");
                }
            }

            names.AddRange(Enumerable.Range(0, units).Select(o => $"{i}.bias[{o}]"));
            width = units;
        }

        OutputWidth = width;
        _parameters = new ParameterVector(shapes);
        var t = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].Kind == "linear")
            {
                _linear[i] = (_parameters.Tensors[t], _parameters.Tensors[t + 1]);
                t += 2;
            }
        }

        ParamNames = names;
    }

    public int OutputWidth { get; }

    public override IReadOnlyList<string> ParamNames { get; }

    public override ParameterVector Parameters() => _parameters;

    public override Tensor Forward(Tensor? x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var h = x;
        for (var i = 0; i < _layers.Count; i++)
        {
            h = _layers[i].Kind switch
            {
                "linear" => new Linear(h, _linear[i].Weight, _linear[i].Bias),
                "relu" => new Relu(h),
                "sigmoid" => new Sigmoid(h),
                "tanh" => new Tanh(h),
                "identity" => new Identity(h),
                var other => throw new ArgumentException($"Unknown layer '{other}'."),
            };
            h.Label = $"{i}.{_layers[i].Kind}";
        }

        return h;
    }

    /// <summary>Each Linear in order, weight then bias, as building the nn.Sequential draws them.</summary>
    public override void ResetParameters(TorchGenerator generator)
    {
        foreach (var (weight, bias) in _linear.OrderBy(l => l.Key).Select(l => l.Value))
        {
            generator.LinearDefaultInit(weight.Data, bias.Data, weight.Cols);
        }
    }
}
