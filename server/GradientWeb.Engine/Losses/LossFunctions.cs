using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Autograd.Ops;

namespace GradientWeb.Engine.Losses;

public enum LossKind
{
    /// <summary>Sum of squared errors, lecture 000's torch.sum((y − ŷ)²).</summary>
    Sse,

    /// <summary>Mean squared error, nn.MSELoss().</summary>
    Mse,

    /// <summary>Binary cross-entropy on probabilities, nn.BCELoss().</summary>
    Bce,
}

/// <summary>Builds a loss node over ŷ and y, written as the lectures write it so the graph view matches.</summary>
public static class LossFunctions
{
    public static Tensor Build(LossKind kind, Tensor yhat, Tensor y) => kind switch
    {
        LossKind.Sse => new Sum(new PowerConstant(new Subtract(y, yhat) { Label = "y−ŷ" }, 2f)) { Label = "loss" },
        LossKind.Mse => new Mean(new PowerConstant(new Subtract(yhat, y) { Label = "ŷ−y" }, 2f)) { Label = "loss" },
        LossKind.Bce => new BinaryCrossEntropy(yhat, y) { Label = "loss" },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
