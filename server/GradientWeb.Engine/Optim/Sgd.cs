using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Optim;

/// <summary>
/// torch.optim.SGD (1.13, single-tensor): weight decay, momentum with dampening, Nesterov. Plain SGD is
/// θ ← θ − lr·∇θ as <c>p.add_(d_p, alpha=-lr)</c>, one rounding (ATen's vectorised fmadd).
/// </summary>
public sealed class Sgd(ParameterVector parameters, double lr, SgdOptions options) : Optimizer(parameters)
{
    private readonly float _lr = (float)lr;
    private readonly SgdOptions _o = options;
    private readonly float[] _buffer = new float[parameters.Count];
    private bool _hasBuffer;

    public override IReadOnlyList<OptimizerBuffer> State() =>
        _o.Momentum != 0 && _hasBuffer ? [new("momentum_buffer", _buffer.ToArray())] : [];

    public override void Step()
    {
        var p = Parameters.Values;
        var g = Parameters.Grads;
        var wd = (float)_o.WeightDecay;
        var momentum = (float)_o.Momentum;
        var keep = (float)(1 - _o.Dampening);
        for (var i = 0; i < p.Length; i++)
        {
            var d = wd != 0f ? MathF.FusedMultiplyAdd(p[i], wd, g[i]) : g[i];
            if (momentum != 0f)
            {
                // First step: buf = clone(d_p); then buf = buf·momentum + (1 − dampening)·d_p.
                _buffer[i] = _hasBuffer ? MathF.FusedMultiplyAdd(d, keep, _buffer[i] * momentum) : d;
                d = _o.Nesterov ? MathF.FusedMultiplyAdd(_buffer[i], momentum, d) : _buffer[i];
            }

            p[i] = MathF.FusedMultiplyAdd(d, -_lr, p[i]);
        }

        _hasBuffer = true;
    }
}
