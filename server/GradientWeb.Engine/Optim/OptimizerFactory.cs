using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Optim;

/// <summary>Checks an <see cref="OptimizerSpec"/> as torch.optim's constructors do, fills its defaults, builds it.</summary>
public static class OptimizerFactory
{
    public static IReadOnlyList<string> Types { get; } = ["sgd", "adam", "adamw", "rmsprop", "adagrad"];

    /// <summary>The spec with PyTorch's defaults made explicit; throws <see cref="SpecException"/> on a value PyTorch refuses.</summary>
    public static OptimizerSpec Normalize(OptimizerSpec spec)
    {
        var type = (spec.Type ?? "sgd").ToLowerInvariant();
        switch (type)
        {
            case "sgd":
                Only(spec, "momentum", "dampening", "nesterov", "weightDecay");
                var sgd = spec with
                {
                    Type = type,
                    Momentum = NonNegative(spec.Momentum ?? 0, "momentum"),
                    Dampening = Finite(spec.Dampening ?? 0, "dampening"),
                    Nesterov = spec.Nesterov ?? false,
                    WeightDecay = NonNegative(spec.WeightDecay ?? 0, "weightDecay"),
                };
                if (sgd.Nesterov == true && (sgd.Momentum <= 0 || sgd.Dampening != 0))
                {
                    throw new SpecException("optimizer.nesterov", "Nesterov momentum requires a momentum and zero dampening (as torch.optim.SGD).");
                }

                return sgd;
            case "adam" or "adamw":
                Only(spec, "betas", "eps", "weightDecay", "amsgrad");
                var betas = spec.Betas ?? [0.9, 0.999];
                if (betas.Count != 2)
                {
                    throw new SpecException("optimizer.betas", "betas is a pair [beta1, beta2].");
                }

                for (var i = 0; i < 2; i++)
                {
                    if (!(betas[i] >= 0 && betas[i] < 1))
                    {
                        throw new SpecException($"optimizer.betas[{i}]", $"Invalid beta parameter at index {i}: {betas[i]} (must be in [0, 1)).");
                    }
                }

                return spec with
                {
                    Type = type,
                    Betas = betas,
                    Eps = NonNegative(spec.Eps ?? 1e-8, "eps"),
                    WeightDecay = NonNegative(spec.WeightDecay ?? (type == "adamw" ? 0.01 : 0), "weightDecay"),
                    Amsgrad = spec.Amsgrad ?? false,
                };
            case "rmsprop":
                Only(spec, "alpha", "eps", "weightDecay", "momentum", "centered");
                return spec with
                {
                    Type = type,
                    Alpha = NonNegative(spec.Alpha ?? 0.99, "alpha"),
                    Eps = NonNegative(spec.Eps ?? 1e-8, "eps"),
                    WeightDecay = NonNegative(spec.WeightDecay ?? 0, "weightDecay"),
                    Momentum = NonNegative(spec.Momentum ?? 0, "momentum"),
                    Centered = spec.Centered ?? false,
                };
            case "adagrad":
                Only(spec, "lrDecay", "weightDecay", "initialAccumulatorValue", "eps");
                return spec with
                {
                    Type = type,
                    LrDecay = NonNegative(spec.LrDecay ?? 0, "lrDecay"),
                    WeightDecay = NonNegative(spec.WeightDecay ?? 0, "weightDecay"),
                    InitialAccumulatorValue = NonNegative(spec.InitialAccumulatorValue ?? 0, "initialAccumulatorValue"),
                    Eps = NonNegative(spec.Eps ?? 1e-10, "eps"),
                };
            default:
                throw new SpecException("optimizer.type", $"Unknown optimizer '{spec.Type}'. Known: {string.Join(", ", Types)}.");
        }
    }

    /// <summary>Builds the optimizer of a spec already normalized.</summary>
    public static Optimizer Create(OptimizerSpec spec, ParameterVector parameters, double lr) => spec.Type switch
    {
        "sgd" => new Sgd(parameters, lr, new SgdOptions(spec.Momentum!.Value, spec.Dampening!.Value, spec.Nesterov!.Value, spec.WeightDecay!.Value)),
        "adam" or "adamw" => new Adam(
            parameters,
            lr,
            new AdamOptions(spec.Betas![0], spec.Betas[1], spec.Eps!.Value, spec.WeightDecay!.Value, spec.Amsgrad!.Value),
            decoupledWeightDecay: spec.Type == "adamw"),
        "rmsprop" => new Rmsprop(parameters, lr, new RmspropOptions(spec.Alpha!.Value, spec.Eps!.Value, spec.WeightDecay!.Value, spec.Momentum!.Value, spec.Centered!.Value)),
        "adagrad" => new Adagrad(parameters, lr, new AdagradOptions(spec.LrDecay!.Value, spec.WeightDecay!.Value, spec.InitialAccumulatorValue!.Value, spec.Eps!.Value)),
        _ => throw new SpecException("optimizer.type", $"Unknown optimizer '{spec.Type}'."),
    };

    // torch.optim refuses unexpected keyword arguments; so do we, naming the one that does not belong.
    private static void Only(OptimizerSpec spec, params string[] allowed)
    {
        (string Name, bool Set)[] given =
        [
            ("momentum", spec.Momentum is not null), ("dampening", spec.Dampening is not null), ("nesterov", spec.Nesterov is not null),
            ("weightDecay", spec.WeightDecay is not null), ("betas", spec.Betas is not null), ("eps", spec.Eps is not null),
            ("amsgrad", spec.Amsgrad is not null), ("alpha", spec.Alpha is not null), ("centered", spec.Centered is not null),
            ("lrDecay", spec.LrDecay is not null), ("initialAccumulatorValue", spec.InitialAccumulatorValue is not null),
        ];
        foreach (var (name, set) in given)
        {
            if (set && !allowed.Contains(name))
            {
                throw new SpecException($"optimizer.{name}", $"{spec.Type} has no option '{name}'. Its options: {string.Join(", ", allowed)}.");
            }
        }
    }

    private static double NonNegative(double value, string name) =>
        Finite(value, name) >= 0 ? value : throw new SpecException($"optimizer.{name}", $"Invalid {name} value: {value} (must be ≥ 0).");

    private static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new SpecException($"optimizer.{name}", $"{name} must be a finite number.");
}
