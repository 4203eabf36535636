using GradientWeb.Engine.Expressions;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GradientWeb.Engine.TorchSharp;

/// <summary>
/// A job's model in libtorch: the same models as our engine, built from torch.nn.Linear and libtorch's ops, with
/// its parameters listed in our θ order (<c>w0</c> = the bias first for linear and logistic; each layer's weight then
/// bias for an mlp; an expression's variables in order of appearance) so records read the same on both engines.
/// </summary>
internal sealed class TorchModel : IDisposable
{
    // torch.manual_seed seeds one process-wide generator, and nn.Linear draws from it: seeding and building are one step.
    private static readonly Lock SeedLock = new();

    private readonly Func<Tensor?, Tensor> _forward;
    private readonly List<IDisposable> _owned;

    private TorchModel(IReadOnlyList<Parameter> parameters, Func<Tensor?, Tensor> forward, List<IDisposable> owned)
    {
        Parameters = parameters;
        _forward = forward;
        _owned = owned;
        Count = parameters.Sum(p => (int)p.numel());
    }

    /// <summary>The parameters in θ order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    public int Count { get; }

    /// <summary>ŷ for x ([rows, features]), or the function's value (x null).</summary>
    public Tensor Forward(Tensor? x) => _forward(x);

    /// <summary>Builds the model, starting from <c>torch.manual_seed(seed)</c>'s draws or zeros (set weights after).</summary>
    public static TorchModel Build(ModelSpec spec, int features, ulong? seed)
    {
        lock (SeedLock)
        {
            if (seed is { } s)
            {
                torch.manual_seed(unchecked((long)s));
            }

            var model = spec.Type switch
            {
                ModelKind.Linear => Linear(features, link: null),
                ModelKind.Logistic => Linear(features, torch.sigmoid),
                ModelKind.Mlp => Mlp(spec.Layers!, features),
                ModelKind.Function => Function(spec.Expression!, seeded: seed is not null),
                _ => throw new SpecException("model.type", $"Unknown model '{spec.Type}'."),
            };
            if (seed is null)
            {
                model.Set(new float[model.Count]);
            }

            return model;
        }
    }

    /// <summary>θ, flat, in our order.</summary>
    public float[] Get()
    {
        var result = new float[Count];
        var offset = 0;
        foreach (var p in Parameters)
        {
            var values = p.data<float>().ToArray();
            values.CopyTo(result, offset);
            offset += values.Length;
        }

        return result;
    }

    /// <summary>Overwrites θ (outside autograd, as <c>with torch.no_grad(): p.copy_(…)</c>).</summary>
    public void Set(ReadOnlySpan<float> weights)
    {
        using var noGrad = torch.no_grad();
        var offset = 0;
        foreach (var p in Parameters)
        {
            var n = (int)p.numel();
            using var values = torch.tensor(weights.Slice(offset, n).ToArray(), p.shape);
            p.copy_(values);
            offset += n;
        }
    }

    /// <summary>∇θ after a backward pass, flat (zeros where a parameter got no gradient).</summary>
    public float[] Gradient()
    {
        var result = new float[Count];
        var offset = 0;
        foreach (var p in Parameters)
        {
            var n = (int)p.numel();
            using var grad = p.grad;
            grad?.data<float>().ToArray().CopyTo(result, offset);
            offset += n;
        }

        return result;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    // nn.Linear(d, 1): our θ is [bias, weight…], PyTorch's X@W with X = [1, x].
    private static TorchModel Linear(int features, Func<Tensor, Tensor>? link)
    {
        var linear = torch.nn.Linear(features, 1);
        return new TorchModel(
            [linear.bias!, linear.weight!],
            x => link is null ? linear.forward(x!) : link(linear.forward(x!)),
            [linear]);
    }

    private static TorchModel Mlp(IReadOnlyList<LayerSpec> layers, int features)
    {
        var steps = new List<Func<Tensor, Tensor>>();
        var parameters = new List<Parameter>();
        var owned = new List<IDisposable>();
        var width = features;
        foreach (var layer in layers)
        {
            switch (layer.Kind)
            {
                case "linear":
                    var linear = torch.nn.Linear(width, layer.Units);
                    parameters.Add(linear.weight!);
                    parameters.Add(linear.bias!);
                    owned.Add(linear);
                    steps.Add(linear.forward);
                    width = layer.Units;
                    break;
                case "relu":
                    steps.Add(h => torch.nn.functional.relu(h));
                    break;
                case "sigmoid":
                    steps.Add(torch.sigmoid);
                    break;
                case "tanh":
                    steps.Add(torch.tanh);
                    break;
                case "identity":
                    steps.Add(h => h.alias());
                    break;
                default:
                    throw new SpecException("model.layers", $"Unknown layer '{layer.Kind}'.");
            }
        }

        return new TorchModel(parameters, x =>
        {
            var h = x!;
            foreach (var step in steps)
            {
                h = step(h);
            }

            return h;
        }, owned);
    }

    // No module to mirror: a seed draws the variables as torch.empty(n).uniform_(-1, 1) (our FunctionModel's rule).
    private static TorchModel Function(string expression, bool seeded)
    {
        var (tree, variables) = ExpressionParser.Parse(expression);
        using var start = seeded ? torch.empty(variables.Count).uniform_(-1, 1) : torch.zeros(variables.Count);
        var parameters = variables.Select((_, i) => new Parameter(start[i].clone())).ToList();
        var byName = variables.Zip(parameters).ToDictionary(v => v.First, v => (Tensor)v.Second);
        return new TorchModel(parameters, _ => TorchExpression.Build(tree, byName), [.. parameters]);
    }
}
