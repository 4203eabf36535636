using GradientWeb.Engine.Autograd;

namespace GradientWeb.Engine.Nn;

/// <summary>A model: parameters in a flat vector, named for the user, and a forward pass that builds the graph.</summary>
public abstract class Module
{
    public abstract ParameterVector Parameters();

    /// <summary>One name per element of θ, as the API reports them (<c>w0</c>, <c>0.weight[1,0]</c>, <c>u</c>).</summary>
    public abstract IReadOnlyList<string> ParamNames { get; }

    /// <summary>Builds ŷ from the input (null for models without data, such as a function to minimise).</summary>
    public abstract Tensor Forward(Tensor? x);

    /// <summary>The weights PyTorch starts the same model from after <c>torch.manual_seed</c> (<c>init.seed</c>).</summary>
    public abstract void ResetParameters(TorchGenerator generator);
}
