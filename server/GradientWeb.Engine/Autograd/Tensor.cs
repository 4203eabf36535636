namespace GradientWeb.Engine.Autograd;

/// <summary>
/// A float32 tensor of shape [rows, cols], its gradient, and the op that made it: micrograd's <c>Value</c>,
/// vectorised. Data is stored column by column (each feature is one contiguous span) because every data set
/// here is tall and thin, so the kernels run down long columns. A tensor built by an op keeps its inputs, so
/// the graph can be re-evaluated in place each epoch (<see cref="Plan"/>) without allocating.
/// </summary>
public class Tensor
{
    private readonly float[] _data;
    private readonly int _offset;
    private readonly float[] _grad;
    private readonly int _gradOffset;

    /// <summary>A leaf: data, or a parameter when <paramref name="requiresGrad"/>.</summary>
    public Tensor(int rows, int cols, bool requiresGrad = false, string? label = null)
        : this(new float[rows * cols], 0, requiresGrad ? new float[rows * cols] : [], 0, rows, cols, label, "leaf", [])
    {
    }

    /// <summary>A leaf that views part of a shared buffer: a parameter inside a model's flat weight vector.</summary>
    internal Tensor(float[] data, int offset, float[] grad, int gradOffset, int rows, int cols, string? label, string op, Tensor[] inputs)
    {
        if (rows < 0 || cols < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "A tensor's shape cannot be negative.");
        }

        _data = data;
        _offset = offset;
        _grad = grad;
        _gradOffset = gradOffset;
        Rows = rows;
        Cols = cols;
        Label = label;
        Op = op;
        Inputs = inputs;
    }

    /// <summary>An op's output: a fresh buffer, and a gradient buffer when any input needs one.</summary>
    protected Tensor(int rows, int cols, string op, params Tensor[] inputs)
        : this(new float[rows * cols], 0, inputs.Any(i => i.RequiresGrad) ? new float[rows * cols] : [], 0, rows, cols, null, op, inputs)
    {
    }

    public int Rows { get; }

    public int Cols { get; }

    public int Length => Rows * Cols;

    /// <summary>A name for the graph view: <c>x</c>, <c>w0</c>, <c>loss</c>.</summary>
    public string? Label { get; set; }

    /// <summary>The op that made this tensor (<c>leaf</c> for inputs and parameters).</summary>
    public string Op { get; }

    public IReadOnlyList<Tensor> Inputs { get; }

    public bool RequiresGrad => _grad.Length > 0;

    public bool IsLeaf => Inputs.Count == 0;

    public Span<float> Data => _data.AsSpan(_offset, Length);

    /// <summary>The gradient of the last <see cref="Backward"/> root with respect to this tensor; empty when not tracked.</summary>
    public Span<float> Grad => RequiresGrad ? _grad.AsSpan(_gradOffset, Length) : [];

    /// <summary>The data as memory, for kernels that split their work over threads.</summary>
    internal Memory<float> DataMemory => _data.AsMemory(_offset, Length);

    internal Memory<float> GradMemory => RequiresGrad ? _grad.AsMemory(_gradOffset, Length) : Memory<float>.Empty;

    /// <summary>Column <paramref name="j"/> of the data.</summary>
    public Span<float> Column(int j) => _data.AsSpan(_offset + (j * Rows), Rows);

    public Span<float> GradColumn(int j) => _grad.AsSpan(_gradOffset + (j * Rows), Rows);

    public float Item() => Length == 1 ? Data[0] : throw new InvalidOperationException($"item() needs one element, this tensor has {Length}.");

    /// <summary>Recomputes this tensor's data from its inputs' data. Leaves keep theirs.</summary>
    protected internal virtual void Evaluate()
    {
    }

    /// <summary>Adds this tensor's gradient, pushed through its op, into its inputs' gradients.</summary>
    protected internal virtual void BackwardLocal()
    {
    }

    /// <summary>
    /// Whether this op's <see cref="BackwardLocal"/> can write its first input's gradient as +0 + its own part, the
    /// bits of adding into a cleared buffer, without reading it (<see cref="WritesFirstInputGrad"/>).
    /// </summary>
    internal virtual bool CanWriteFirstInputGrad => false;

    /// <summary>
    /// Set by a plan before each <see cref="BackwardLocal"/>: this op is its first input's only use there, so it writes
    /// that gradient and the plan does not clear it first (one pass over the buffer fewer, and no read of it).
    /// </summary>
    internal bool WritesFirstInputGrad { get; set; }

    /// <summary>
    /// Reverse-mode autodiff from this scalar: seeds d(this)/d(this) = 1, then walks the graph in reverse
    /// topological order. Leaf gradients accumulate, as in PyTorch; call the optimizer's ZeroGrad between steps.
    /// </summary>
    public void Backward() => new Plan(this).Backward();

    public static Tensor operator +(Tensor a, Tensor b) => new Ops.Add(a, b);

    public static Tensor operator -(Tensor a, Tensor b) => new Ops.Subtract(a, b);

    public static Tensor operator *(Tensor a, Tensor b) => new Ops.Multiply(a, b);

    public static Tensor operator /(Tensor a, Tensor b) => new Ops.Divide(a, b);

    public static Tensor operator -(Tensor a) => new Ops.Negate(a);

    public override string ToString() => $"{Label ?? Op}[{Rows}x{Cols}]";

    /// <summary>A constant leaf holding one value (a number in an expression).</summary>
    public static Tensor Scalar(float value, string? label = null)
    {
        var t = new Tensor(1, 1, requiresGrad: false, label ?? value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        t.Data[0] = value;
        return t;
    }

    /// <summary>A data leaf of shape [rows, columns.Length] from columns.</summary>
    public static Tensor FromColumns(IReadOnlyList<float[]> columns, string? label = null)
    {
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        var t = new Tensor(rows, columns.Count, requiresGrad: false, label);
        for (var j = 0; j < columns.Count; j++)
        {
            columns[j].CopyTo(t.Column(j));
        }

        return t;
    }
}
