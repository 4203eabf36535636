namespace GradientWeb.Engine.Optim;

// What each optimizer runs with: an OptimizerSpec after OptimizerFactory.Normalize, its options checked and PyTorch's
// defaults filled in there (the one place they are written), as non-null values of the optimizer's own options.

/// <summary>torch.optim.SGD's options.</summary>
public sealed record SgdOptions(double Momentum, double Dampening, bool Nesterov, double WeightDecay);

/// <summary>torch.optim.Adam / AdamW's options.</summary>
public sealed record AdamOptions(double Beta1, double Beta2, double Eps, double WeightDecay, bool Amsgrad);

/// <summary>torch.optim.RMSprop's options.</summary>
public sealed record RmspropOptions(double Alpha, double Eps, double WeightDecay, double Momentum, bool Centered);

/// <summary>torch.optim.Adagrad's options.</summary>
public sealed record AdagradOptions(double LrDecay, double WeightDecay, double InitialAccumulatorValue, double Eps);
