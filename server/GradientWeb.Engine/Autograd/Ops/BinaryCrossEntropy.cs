namespace GradientWeb.Engine.Autograd.Ops;

/// <summary>
/// PyTorch's <c>BCELoss</c> (mean): −mean(y·max(log p, −100) + (1−y)·max(log(1−p), −100)); backward is
/// ATen's (p − y) / max(p(1 − p), 1e−12) / n, so a p that rounds to exactly 0 or 1 behaves as in PyTorch.
/// </summary>
public sealed class BinaryCrossEntropy : Tensor
{
    private const float Epsilon = 1e-12f;
    private readonly Tensor _p;
    private readonly Tensor _y;
    private readonly float[] _elementwise;

    public BinaryCrossEntropy(Tensor p, Tensor y) : base(1, 1, "bce", p, y)
    {
        if (p.Length != y.Length)
        {
            throw new ArgumentException("bce: prediction and target lengths differ.");
        }

        _p = p;
        _y = y;
        _elementwise = new float[p.Length];
        Evaluate();
    }

    protected internal override void Evaluate()
    {
        Kernels.BinaryCrossEntropy(_p.Data, _y.Data, _elementwise);
        Reduce();
    }

    /// <summary>The elementwise loss as rows a plan can compute inside its weight gradients' loop, then <see cref="Reduce"/>.</summary>
    internal Kernels.BinaryCrossEntropyRows ElementwiseRows() => new(_p.Data, _y.Data, _elementwise);

    /// <summary>ATen reduces the elementwise loss with mean(): its sum, then one division.</summary>
    internal void Reduce() => Data[0] = Kernels.Sum(_elementwise) / _p.Length;

    protected internal override void BackwardLocal()
    {
        if (_p.RequiresGrad)
        {
            Kernels.AccumulateBinaryCrossEntropyGradient(_p.Data, _y.Data, Grad[0] / _p.Length, Epsilon, _p.Grad, WritesFirstInputGrad);
        }
    }

    internal override bool CanWriteFirstInputGrad => true;
}
