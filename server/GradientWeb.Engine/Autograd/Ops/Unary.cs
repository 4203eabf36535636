namespace GradientWeb.Engine.Autograd.Ops;

/// <summary>An elementwise op of one tensor; <see cref="Scratch"/> is preallocated for backward.</summary>
public abstract class UnaryOp : Tensor
{
    protected UnaryOp(Tensor a, string op) : base(a.Rows, a.Cols, op, a)
    {
        A = a;
        Scratch = new float[a.Length];
    }

    protected Tensor A { get; }

    protected float[] Scratch { get; }

    /// <summary>A.Grad += Grad · local, where the op's subclass fills <see cref="Scratch"/> with the local derivative.</summary>
    protected void AccumulateScratchTimesGrad() => Kernels.MultiplyAdd(Grad, Scratch, A.Grad, A.Grad);
}

public sealed class Negate : UnaryOp
{
    public Negate(Tensor a) : base(a, "neg") => Evaluate();

    protected internal override void Evaluate() => Kernels.Negate(A.Data, Data);

    protected internal override void BackwardLocal() => Kernels.Subtract(A.Grad, Grad, A.Grad);
}

/// <summary>a ^ p for a constant exponent (x², the squared error).</summary>
public sealed class PowerConstant : UnaryOp
{
    public PowerConstant(Tensor a, float exponent) : base(a, exponent == 2f ? "square" : "pow")
    {
        Exponent = exponent;
        Evaluate();
    }

    public float Exponent { get; }

    protected internal override void Evaluate()
    {
        if (Exponent == 2f)
        {
            Kernels.Multiply(A.Data, A.Data, Data);
            return;
        }

        var a = A.Data;
        var d = Data;
        for (var i = 0; i < d.Length; i++) d[i] = MathF.Pow(a[i], Exponent);
    }

    protected internal override void BackwardLocal()
    {
        // PyTorch's pow_backward: grad · (p · a^(p−1)).
        if (Exponent == 2f)
        {
            Kernels.AccumulateSquareGradient(A.Data, Grad, A.Grad, WritesFirstInputGrad);
            return;
        }

        var a = A.Data;
        var s = Scratch.AsSpan();
        for (var i = 0; i < s.Length; i++) s[i] = Exponent * MathF.Pow(a[i], Exponent - 1f);
        AccumulateScratchTimesGrad();
    }

    // Only x² writes: the other exponents add their scratch product into the input's gradient.
    internal override bool CanWriteFirstInputGrad => Exponent == 2f;
}

public sealed class Exp : UnaryOp
{
    public Exp(Tensor a) : base(a, "exp") => Evaluate();

    protected internal override void Evaluate() => Kernels.Exp(A.Data, Data, Cols);

    protected internal override void BackwardLocal() => Kernels.MultiplyAdd(Grad, Data, A.Grad, A.Grad);
}

public sealed class Log : UnaryOp
{
    public Log(Tensor a) : base(a, "log") => Evaluate();

    protected internal override void Evaluate() => Kernels.Log(A.Data, Data);

    protected internal override void BackwardLocal()
    {
        Kernels.Divide(Grad, A.Data, Scratch);
        Kernels.Add(A.Grad, Scratch, A.Grad);
    }
}

public sealed class Sqrt : UnaryOp
{
    public Sqrt(Tensor a) : base(a, "sqrt") => Evaluate();

    protected internal override void Evaluate() => Kernels.Sqrt(A.Data, Data);

    protected internal override void BackwardLocal()
    {
        // PyTorch: grad / (2 · result).
        Kernels.Multiply(Data, 2f, Scratch);
        Kernels.Divide(Grad, Scratch, Scratch);
        Kernels.Add(A.Grad, Scratch, A.Grad);
    }
}

public sealed class Sigmoid : UnaryOp
{
    public Sigmoid(Tensor a) : base(a, "sigmoid") => Evaluate();

    protected internal override void Evaluate() => Kernels.Sigmoid(A.Data, Data, Cols);

    protected internal override void BackwardLocal()
    {
        // PyTorch's sigmoid_backward: grad · (1 − y) · y.
        Kernels.AccumulateSigmoidGradient(Data, Grad, A.Grad, WritesFirstInputGrad);
    }

    internal override bool CanWriteFirstInputGrad => true;
}

public sealed class Tanh : UnaryOp
{
    public Tanh(Tensor a) : base(a, "tanh") => Evaluate();

    protected internal override void Evaluate() => Kernels.Tanh(A.Data, Data);

    protected internal override void BackwardLocal()
    {
        // PyTorch's tanh_backward: grad · (1 − y²).
        var s = Scratch.AsSpan();
        Kernels.Multiply(Data, Data, s);
        Kernels.Negate(s, s);
        Kernels.Add(s, 1f, s);
        AccumulateScratchTimesGrad();
    }
}

public sealed class Relu : UnaryOp
{
    public Relu(Tensor a) : base(a, "relu") => Evaluate();

    protected internal override void Evaluate() => Kernels.Relu(A.Data, Data);

    protected internal override void BackwardLocal() => Kernels.AccumulateWherePositive(Data, Grad, A.Grad, WritesFirstInputGrad);

    internal override bool CanWriteFirstInputGrad => true;
}

public sealed class Identity : UnaryOp
{
    public Identity(Tensor a) : base(a, "identity") => Evaluate();

    protected internal override void Evaluate() => Kernels.Copy(A.Data, Data);

    protected internal override void BackwardLocal() => Kernels.Add(A.Grad, Grad, A.Grad);
}

public sealed class Abs : UnaryOp
{
    public Abs(Tensor a) : base(a, "abs") => Evaluate();

    protected internal override void Evaluate() => Kernels.Abs(A.Data, Data);

    protected internal override void BackwardLocal() => Kernels.AccumulateSignTimes(A.Data, Grad, A.Grad);
}

public sealed class Sin : UnaryOp
{
    public Sin(Tensor a) : base(a, "sin") => Evaluate();

    protected internal override void Evaluate() => Kernels.Sin(A.Data, Data);

    protected internal override void BackwardLocal()
    {
        Kernels.Cos(A.Data, Scratch);
        AccumulateScratchTimesGrad();
    }
}

public sealed class Cos : UnaryOp
{
    public Cos(Tensor a) : base(a, "cos") => Evaluate();

    protected internal override void Evaluate() => Kernels.Cos(A.Data, Data);

    protected internal override void BackwardLocal()
    {
        Kernels.Sin(A.Data, Scratch);
        Kernels.Negate(Scratch, Scratch);
        AccumulateScratchTimesGrad();
    }
}
