using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Optim;

/// <summary>torch.optim's shape: <see cref="ZeroGrad"/> before backward, <see cref="Step"/> after it.</summary>
public abstract class Optimizer(ParameterVector parameters)
{
    protected ParameterVector Parameters { get; } = parameters;

    public void ZeroGrad() => Parameters.Grads.Clear();

    public abstract void Step();
}
