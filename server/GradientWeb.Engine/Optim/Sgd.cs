using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Optim;

/// <summary>Plain gradient descent θ ← θ − lr·∇θ, as <c>p.add_(grad, alpha=-lr)</c> (one rounding).</summary>
public sealed class Sgd(ParameterVector parameters, double lr) : Optimizer(parameters)
{
    private readonly float _negativeLr = (float)-lr;

    public override void Step() => Kernels.FusedMultiplyAdd(Parameters.Grads, _negativeLr, Parameters.Values, Parameters.Values);
}
