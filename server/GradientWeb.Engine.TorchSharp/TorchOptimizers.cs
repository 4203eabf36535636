using GradientWeb.Engine.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GradientWeb.Engine.TorchSharp;

/// <summary>torch.optim's optimizer for a spec already normalized by our OptimizerFactory (every option explicit).</summary>
internal static class TorchOptimizers
{
    public static optim.Optimizer Create(OptimizerSpec spec, IEnumerable<Parameter> parameters, double lr) => spec.Type switch
    {
        "sgd" => optim.SGD(parameters, lr, spec.Momentum!.Value, spec.Dampening!.Value, spec.WeightDecay!.Value, spec.Nesterov!.Value),
        // Every argument given: TorchSharp's torch.optim.Adam() factory defaults beta2 to 0.99, not PyTorch's 0.999.
        "adam" => optim.Adam(parameters, lr, spec.Betas![0], spec.Betas[1], spec.Eps!.Value, spec.WeightDecay!.Value, spec.Amsgrad!.Value),
        "adamw" => optim.AdamW(parameters, lr, spec.Betas![0], spec.Betas[1], spec.Eps!.Value, spec.WeightDecay!.Value, spec.Amsgrad!.Value),
        "rmsprop" => optim.RMSProp(parameters, lr, spec.Alpha!.Value, spec.Eps!.Value, spec.WeightDecay!.Value, spec.Momentum!.Value, spec.Centered!.Value),
        "adagrad" => optim.Adagrad(parameters, lr, spec.LrDecay!.Value, spec.WeightDecay!.Value, spec.InitialAccumulatorValue!.Value, spec.Eps!.Value),
        _ => throw new SpecException("optimizer.type", $"Unknown optimizer '{spec.Type}'."),
    };
}
