using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Optim;

/// <summary>
/// torch.optim.Adam and AdamW (1.13, single-tensor). Bias corrections are computed in float64 as PyTorch's Python
/// code does, eps is added after dividing by √(bias correction 2), and AdamW decays θ before the Adam step.
/// </summary>
public sealed class Adam(ParameterVector parameters, double lr, AdamOptions options, bool decoupledWeightDecay) : Optimizer(parameters)
{
    private readonly double _lr = lr;
    private readonly float[] _m = new float[parameters.Count];
    private readonly float[] _v = new float[parameters.Count];
    private readonly float[] _vMax = new float[parameters.Count];
    private int _step;

    /// <summary>m and v as stored, and the bias-corrected m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) the update uses.</summary>
    public override IReadOnlyList<OptimizerBuffer> State()
    {
        if (_step == 0)
        {
            return [];
        }

        var c1 = 1 - Math.Pow(options.Beta1, _step);
        var c2 = 1 - Math.Pow(options.Beta2, _step);
        List<OptimizerBuffer> state =
        [
            new("exp_avg", _m.ToArray()),
            new("exp_avg_sq", _v.ToArray()),
            new("m_hat", [.. _m.Select(m => (float)(m / c1))]),
            new("v_hat", [.. (options.Amsgrad ? _vMax : _v).Select(v => (float)(v / c2))]),
        ];
        if (options.Amsgrad)
        {
            state.Insert(2, new("max_exp_avg_sq", _vMax.ToArray()));
        }

        return state;
    }

    public override void Step()
    {
        _step++;
        var p = Parameters.Values;
        var g = Parameters.Grads;
        var beta1 = (float)options.Beta1;
        var beta2 = (float)options.Beta2;
        var oneMinusBeta1 = (float)(1 - options.Beta1);
        var oneMinusBeta2 = (float)(1 - options.Beta2);
        var wd = (float)options.WeightDecay;
        var decay = (float)(1 - (_lr * options.WeightDecay));
        var biasCorrection1 = 1 - Math.Pow(options.Beta1, _step);
        var biasCorrection2Sqrt = (float)Math.Sqrt(1 - Math.Pow(options.Beta2, _step));
        var negativeStepSize = (float)-(_lr / biasCorrection1);
        var eps = (float)options.Eps;
        for (var i = 0; i < p.Length; i++)
        {
            var grad = g[i];
            if (decoupledWeightDecay)
            {
                p[i] *= decay;
            }
            else if (wd != 0f)
            {
                grad = MathF.FusedMultiplyAdd(p[i], wd, grad);
            }

            _m[i] = MathF.FusedMultiplyAdd(grad, oneMinusBeta1, _m[i] * beta1);
            // addcmul_ (self + value·t1·t2): ATen's scalar path, taken for small tensors, is compiled with FMA contraction.
            _v[i] = MathF.FusedMultiplyAdd(oneMinusBeta2 * grad, grad, _v[i] * beta2);
            var second = _v[i];
            if (options.Amsgrad)
            {
                _vMax[i] = MathF.Max(_vMax[i], _v[i]);
                second = _vMax[i];
            }

            var denom = (MathF.Sqrt(second) / biasCorrection2Sqrt) + eps;
            p[i] += negativeStepSize * _m[i] / denom;
        }
    }
}
