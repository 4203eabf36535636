namespace GradientWeb.Engine.Autograd.Ops;

/// <summary>The sum of every element, a [1x1] tensor.</summary>
public sealed class Sum : Tensor
{
    private readonly Tensor _a;

    public Sum(Tensor a) : base(1, 1, "sum", a)
    {
        _a = a;
        Evaluate();
    }

    protected internal override void Evaluate() => Data[0] = Kernels.Sum(_a.Data);

    protected internal override void BackwardLocal() => Kernels.Add(_a.Grad, Grad[0], _a.Grad);
}

/// <summary>The mean of every element, a [1x1] tensor.</summary>
public sealed class Mean : Tensor
{
    private readonly Tensor _a;

    public Mean(Tensor a) : base(1, 1, "mean", a)
    {
        _a = a;
        Evaluate();
    }

    protected internal override void Evaluate() => Data[0] = Kernels.Sum(_a.Data) / _a.Length;

    // PyTorch's mean_backward: grad.expand(shape) / numel.
    protected internal override void BackwardLocal() => Kernels.Add(_a.Grad, Grad[0] / _a.Length, _a.Grad);
}
