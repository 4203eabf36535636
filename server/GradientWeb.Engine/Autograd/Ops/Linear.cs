namespace GradientWeb.Engine.Autograd.Ops;

/// <summary>
/// PyTorch's <c>nn.Linear</c> as one op: out = x · Wᵀ + b, with x [n, in], W [out, in] row-major (the
/// <c>state_dict</c> layout), b [out]. Each output column is b_j plus a sum of scaled input columns.
/// </summary>
public sealed class Linear : Tensor
{
    private readonly Tensor _x;
    private readonly Tensor _weight;
    private readonly Tensor _bias;
    private readonly int _in;
    private readonly int _out;

    public Linear(Tensor x, Tensor weight, Tensor bias)
        : base(x.Rows, bias.Length, "linear", x, weight, bias)
    {
        _x = x;
        _weight = weight;
        _bias = bias;
        _in = x.Cols;
        _out = bias.Length;
        if (weight.Length != _in * _out)
        {
            throw new ArgumentException($"linear: weight has {weight.Length} elements, expected {_out}x{_in}.");
        }

        Evaluate();
    }

    protected internal override void Evaluate()
    {
        var w = _weight.Data;
        var b = _bias.Data;
        for (var j = 0; j < _out; j++)
        {
            var col = Column(j);
            Kernels.Fill(col, b[j]);
            for (var k = 0; k < _in; k++)
            {
                Kernels.MultiplyAdd(_x.Column(k), w[(j * _in) + k], col, col);
            }
        }
    }

    protected internal override void BackwardLocal()
    {
        var w = _weight.Data;
        for (var j = 0; j < _out; j++)
        {
            var g = GradColumn(j);
            if (_bias.RequiresGrad) _bias.Grad[j] += Kernels.Sum(g);
            for (var k = 0; k < _in; k++)
            {
                if (_weight.RequiresGrad) _weight.Grad[(j * _in) + k] += Kernels.Dot(_x.Column(k), g);
                if (_x.RequiresGrad)
                {
                    var dx = _x.GradColumn(k);
                    Kernels.MultiplyAdd(g, w[(j * _in) + k], dx, dx);
                }
            }
        }
    }
}
