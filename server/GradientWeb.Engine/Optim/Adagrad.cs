using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Optim;

/// <summary>torch.optim.Adagrad (1.13, single-tensor): clr = lr / (1 + (step − 1)·lr_decay), in float64 as PyTorch.</summary>
public sealed class Adagrad : Optimizer
{
    private readonly double _lr;
    private readonly AdagradOptions _options;
    private readonly float[] _sum;
    private int _step;

    public Adagrad(ParameterVector parameters, double lr, AdagradOptions options) : base(parameters)
    {
        _lr = lr;
        _options = options;
        _sum = new float[parameters.Count];
        Array.Fill(_sum, (float)options.InitialAccumulatorValue);
    }

    public override IReadOnlyList<OptimizerBuffer> State() => [new("sum", _sum.ToArray())];

    public override void Step()
    {
        _step++;
        var p = Parameters.Values;
        var g = Parameters.Grads;
        var wd = (float)_options.WeightDecay;
        var eps = (float)_options.Eps;
        var negativeClr = (float)-(_lr / (1 + ((_step - 1) * _options.LrDecay)));
        for (var i = 0; i < p.Length; i++)
        {
            var grad = wd != 0f ? MathF.FusedMultiplyAdd(p[i], wd, g[i]) : g[i];
            _sum[i] = MathF.FusedMultiplyAdd(1f * grad, grad, _sum[i]);
            var std = MathF.Sqrt(_sum[i]) + eps;
            p[i] += negativeClr * grad / std;
        }
    }
}
