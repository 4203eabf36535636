namespace GradientWeb.Engine.Autograd.Ops;

/// <summary>
/// PyTorch's <c>nn.Linear</c> as one op: out = x · Wᵀ + b, with x [n, in], W [out, in] row-major (the
/// <c>state_dict</c> layout), b [out]. Each output column is b_j plus a sum of scaled input columns, computed by the
/// blocked matrix kernels in the per-element order of the reference BLAS PyTorch uses here.
/// </summary>
public sealed class Linear : Tensor
{
    // Below this many features on both sides a weight's gradient is a handful of dot products: no row-major copy.
    private const int VectorFeatures = 16;

    private readonly Tensor _x;
    private readonly Tensor _weight;
    private readonly Tensor _bias;
    private readonly int _in;
    private readonly int _out;

    // The row-major copy of whichever of x and ∂y is wider, for the weight's gradient; empty for narrow layers.
    private readonly float[] _rows;

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

        _rows = weight.RequiresGrad && Math.Max(_in, _out) >= VectorFeatures ? new float[x.Rows * Math.Max(_in, _out)] : [];
        Evaluate();
    }

    protected internal override void Evaluate()
    {
        var b = _bias.Data;
        for (var j = 0; j < _out; j++)
        {
            Kernels.Fill(Column(j), b[j]);
        }

        // out[:, j] += Σₖ x[:, k] · W[j, k]
        Kernels.CombineColumns(_x.DataMemory, Rows, _in, _weight.DataMemory, _in, 1, DataMemory, _out);
    }

    protected internal override void BackwardLocal()
    {
        if (_bias.RequiresGrad)
        {
            var db = _bias.Grad;
            for (var j = 0; j < _out; j++)
            {
                db[j] += Kernels.Sum(GradColumn(j));
            }
        }

        if (_weight.RequiresGrad)
        {
            AccumulateWeightGradient();
        }

        if (_x.RequiresGrad)
        {
            // ∂x[:, k] += Σⱼ ∂out[:, j] · W[j, k]
            Kernels.CombineColumns(GradMemory, Rows, _out, _weight.DataMemory, 1, _in, _x.GradMemory, _in);
        }
    }

    // ∂W[j, k] += Σᵢ x[i, k] · ∂out[i, j], vectorised over the wider of k and j.
    private void AccumulateWeightGradient()
    {
        if (_rows.Length == 0)
        {
            Kernels.AccumulateDots(_x.Data, _in, Grad, _out, Rows, _weight.Grad);
        }
        else if (_in >= _out)
        {
            Kernels.OuterSums(GradMemory, _out, _x.DataMemory, _in, _rows, Rows, _weight.GradMemory, _in, 1);
        }
        else
        {
            Kernels.OuterSums(_x.DataMemory, _in, GradMemory, _out, _rows, Rows, _weight.GradMemory, 1, _in);
        }
    }
}
