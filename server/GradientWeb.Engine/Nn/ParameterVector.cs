using GradientWeb.Engine.Autograd;

namespace GradientWeb.Engine.Nn;

/// <summary>
/// Every parameter of a model as views into one flat vector θ (and one gradient vector), in PyTorch's
/// <c>state_dict()</c> order. Optimizers update θ in one pass and history records copy it in one call.
/// </summary>
public sealed class ParameterVector
{
    private readonly List<(string Name, int Rows, int Cols)> _shapes;
    private readonly float[] _values;
    private readonly float[] _grads;

    public ParameterVector(IEnumerable<(string Name, int Rows, int Cols)> shapes)
    {
        _shapes = [.. shapes];
        var total = _shapes.Sum(s => s.Rows * s.Cols);
        _values = new float[total];
        _grads = new float[total];
        var offset = 0;
        var tensors = new List<Tensor>();
        foreach (var (name, rows, cols) in _shapes)
        {
            tensors.Add(new Tensor(_values, offset, _grads, offset, rows, cols, name, "leaf", []));
            offset += rows * cols;
        }

        Tensors = tensors;
    }

    /// <summary>The parameter tensors, in order.</summary>
    public IReadOnlyList<Tensor> Tensors { get; }

    public int Count => _values.Length;

    /// <summary>θ, all parameters flat.</summary>
    public Span<float> Values => _values;

    /// <summary>∇θ, in the same order.</summary>
    public Span<float> Grads => _grads;
}
