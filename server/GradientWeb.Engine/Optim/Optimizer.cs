using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Optim;

/// <summary>torch.optim's shape: <see cref="ZeroGrad"/> before backward, <see cref="Step"/> after it.</summary>
public abstract class Optimizer(ParameterVector parameters)
{
    protected ParameterVector Parameters { get; } = parameters;

    public void ZeroGrad() => Parameters.Grads.Clear();

    public abstract void Step();

    /// <summary>
    /// The optimizer's per-weight state after the last step, named as in PyTorch's <c>state_dict</c>
    /// (<c>momentum_buffer</c>, <c>exp_avg</c>, …), so the page can write one step out with its numbers.
    /// </summary>
    public virtual IReadOnlyList<OptimizerBuffer> State() => [];
}

/// <summary>One named per-weight buffer of an optimizer, copied.</summary>
public sealed record OptimizerBuffer(string Name, float[] Values);
