using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Optim;

/// <summary>torch.optim.RMSprop (1.13, single-tensor): no bias correction; optional momentum and centring.</summary>
public sealed class Rmsprop(ParameterVector parameters, double lr, RmspropOptions options) : Optimizer(parameters)
{
    private readonly float _lr = (float)lr;
    private readonly float[] _squareAvg = new float[parameters.Count];
    private readonly float[] _gradAvg = new float[parameters.Count];
    private readonly float[] _buffer = new float[parameters.Count];

    public override IReadOnlyList<OptimizerBuffer> State()
    {
        List<OptimizerBuffer> state = [new("square_avg", _squareAvg.ToArray())];
        if (options.Momentum > 0)
        {
            state.Add(new("momentum_buffer", _buffer.ToArray()));
        }

        if (options.Centered)
        {
            state.Add(new("grad_avg", _gradAvg.ToArray()));
        }

        return state;
    }

    public override void Step()
    {
        var p = Parameters.Values;
        var g = Parameters.Grads;
        var alpha = (float)options.Alpha;
        var oneMinusAlpha = (float)(1 - options.Alpha);
        var wd = (float)options.WeightDecay;
        var momentum = (float)options.Momentum;
        var eps = (float)options.Eps;
        for (var i = 0; i < p.Length; i++)
        {
            var grad = wd != 0f ? MathF.FusedMultiplyAdd(p[i], wd, g[i]) : g[i];
            // addcmul_ (self + value·t1·t2): ATen's scalar path, taken for small tensors, is compiled with FMA contraction.
            _squareAvg[i] = MathF.FusedMultiplyAdd(oneMinusAlpha * grad, grad, _squareAvg[i] * alpha);
            float avg;
            if (options.Centered)
            {
                _gradAvg[i] = MathF.FusedMultiplyAdd(grad, oneMinusAlpha, _gradAvg[i] * alpha);
                avg = MathF.Sqrt(MathF.FusedMultiplyAdd(-1f * _gradAvg[i], _gradAvg[i], _squareAvg[i]));
            }
            else
            {
                avg = MathF.Sqrt(_squareAvg[i]);
            }

            avg += eps;
            if (momentum > 0f)
            {
                _buffer[i] = (_buffer[i] * momentum) + (grad / avg);
                p[i] = MathF.FusedMultiplyAdd(_buffer[i], -_lr, p[i]);
            }
            else
            {
                p[i] += -_lr * grad / avg;
            }
        }
    }
}
