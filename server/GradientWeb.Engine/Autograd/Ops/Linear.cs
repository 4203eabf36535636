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

    // A narrow layer's weight gradient: one dot product over the rows per weight; empty for wide layers.
    private readonly RowDot[] _weightDots;

    // Set once a plan runs _weightDots side by side with its other layers' (Plan.Backward), so BackwardLocal leaves them.
    private bool _weightDotsInPlan;

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

        var narrow = Math.Max(_in, _out) < VectorFeatures;
        _rows = weight.RequiresGrad && !narrow ? new float[x.Rows * Math.Max(_in, _out)] : [];
        _weightDots = weight.RequiresGrad && narrow ? WeightDots() : [];
        Evaluate();
    }

    internal Tensor Weight => _weight;

    /// <summary>
    /// Hands this layer's weight-gradient dot products to a plan, which runs them with every other narrow layer's
    /// after the backward walk (each reads only x and this layer's finished ∂y); empty for a wide layer.
    /// </summary>
    internal RowDot[] HandWeightDotsToPlan()
    {
        _weightDotsInPlan = _weightDots.Length > 0;
        return _weightDots;
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
            Kernels.CombineColumns(GradMemory, Rows, _out, _weight.DataMemory, 1, _in, _x.GradMemory, _in, fromZero: WritesFirstInputGrad);
        }
    }

    internal override bool CanWriteFirstInputGrad => true;

    // ∂W[j, k] = Σᵢ x[i, k] · ∂out[i, j] for a narrow layer, in W's row-major order.
    private RowDot[] WeightDots()
    {
        var dots = new RowDot[_out * _in];
        for (var j = 0; j < _out; j++)
        {
            for (var k = 0; k < _in; k++)
            {
                dots[(j * _in) + k] = new RowDot(_x.DataMemory.Slice(k * Rows, Rows), GradMemory.Slice(j * Rows, Rows), _weight.GradMemory.Slice((j * _in) + k, 1));
            }
        }

        return dots;
    }

    // ∂W[j, k] += Σᵢ x[i, k] · ∂out[i, j], vectorised over the wider of k and j (a narrow layer's in the plan, unless alone).
    private void AccumulateWeightGradient()
    {
        if (_rows.Length == 0)
        {
            if (!_weightDotsInPlan)
            {
                Kernels.AccumulateRowDots(_weightDots);
            }
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
