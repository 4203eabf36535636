namespace GradientWeb.Engine.Autograd.Ops;

/// <summary>An elementwise op of two tensors of the same shape.</summary>
public abstract class BinaryOp : Tensor
{
    protected BinaryOp(Tensor a, Tensor b, string op)
        : base(CheckShape(a, b, op).Rows, a.Cols, op, a, b)
    {
        A = a;
        B = b;
    }

    protected Tensor A { get; }

    protected Tensor B { get; }

    private static Tensor CheckShape(Tensor a, Tensor b, string op) =>
        a.Rows == b.Rows && a.Cols == b.Cols
            ? a
            : throw new ArgumentException($"{op}: shapes [{a.Rows}x{a.Cols}] and [{b.Rows}x{b.Cols}] differ.");
}

public sealed class Add : BinaryOp
{
    public Add(Tensor a, Tensor b) : base(a, b, "add") => Evaluate();

    protected internal override void Evaluate() => Kernels.Add(A.Data, B.Data, Data);

    protected internal override void BackwardLocal()
    {
        if (A.RequiresGrad) Kernels.Add(A.Grad, Grad, A.Grad);
        if (B.RequiresGrad) Kernels.Add(B.Grad, Grad, B.Grad);
    }
}

public sealed class Subtract : BinaryOp
{
    public Subtract(Tensor a, Tensor b) : base(a, b, "sub") => Evaluate();

    protected internal override void Evaluate() => Kernels.Subtract(A.Data, B.Data, Data);

    protected internal override void BackwardLocal()
    {
        if (A.RequiresGrad) Kernels.Add(A.Grad, Grad, A.Grad);
        if (B.RequiresGrad) Kernels.Subtract(B.Grad, Grad, B.Grad);
    }
}

public sealed class Multiply : BinaryOp
{
    public Multiply(Tensor a, Tensor b) : base(a, b, "mul") => Evaluate();

    protected internal override void Evaluate() => Kernels.Multiply(A.Data, B.Data, Data);

    protected internal override void BackwardLocal()
    {
        if (A.RequiresGrad) Kernels.MultiplyAdd(Grad, B.Data, A.Grad, A.Grad);
        if (B.RequiresGrad) Kernels.MultiplyAdd(Grad, A.Data, B.Grad, B.Grad);
    }
}

public sealed class Divide : BinaryOp
{
    private readonly float[] _scratch;

    public Divide(Tensor a, Tensor b) : base(a, b, "div")
    {
        _scratch = new float[Length];
        Evaluate();
    }

    protected internal override void Evaluate() => Kernels.Divide(A.Data, B.Data, Data);

    protected internal override void BackwardLocal()
    {
        // d(a/b)/da = 1/b; d(a/b)/db = -a/b² = -(a/b)/b.
        var g = _scratch.AsSpan();
        Kernels.Divide(Grad, B.Data, g);
        if (A.RequiresGrad) Kernels.Add(A.Grad, g, A.Grad);
        if (B.RequiresGrad)
        {
            Kernels.Multiply(g, Data, g);
            Kernels.Subtract(B.Grad, g, B.Grad);
        }
    }
}

/// <summary>a ^ b elementwise with both sides differentiable (an exponent that is itself a variable).</summary>
public sealed class Power : BinaryOp
{
    public Power(Tensor a, Tensor b) : base(a, b, "pow") => Evaluate();

    protected internal override void Evaluate()
    {
        var a = A.Data;
        var b = B.Data;
        var d = Data;
        for (var i = 0; i < d.Length; i++) d[i] = MathF.Pow(a[i], b[i]);
    }

    protected internal override void BackwardLocal()
    {
        // PyTorch: da = g·b·a^(b−1); db = g·a^b·ln a, with db = 0 where a = 0 and b ≥ 0.
        var a = A.Data;
        var b = B.Data;
        var g = Grad;
        var o = Data;
        for (var i = 0; i < g.Length; i++)
        {
            if (A.RequiresGrad) A.Grad[i] += g[i] * (b[i] * MathF.Pow(a[i], b[i] - 1f));
            if (B.RequiresGrad) B.Grad[i] += a[i] == 0f && b[i] >= 0f ? 0f : g[i] * (o[i] * MathF.Log(a[i]));
        }
    }
}
