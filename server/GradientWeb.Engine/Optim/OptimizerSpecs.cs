namespace GradientWeb.Engine.Optim;

/// <summary>torch.optim.SGD's options and defaults.</summary>
public sealed record SgdOptions(double Momentum = 0, double Dampening = 0, bool Nesterov = false, double WeightDecay = 0);

/// <summary>torch.optim.Adam / AdamW's options; AdamW's weight decay defaults to 0.01.</summary>
public sealed record AdamOptions(double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, double WeightDecay = 0, bool Amsgrad = false);

/// <summary>torch.optim.RMSprop's options and defaults.</summary>
public sealed record RmspropOptions(double Alpha = 0.99, double Eps = 1e-8, double WeightDecay = 0, double Momentum = 0, bool Centered = false);

/// <summary>torch.optim.Adagrad's options and defaults.</summary>
public sealed record AdagradOptions(double LrDecay = 0, double WeightDecay = 0, double InitialAccumulatorValue = 0, double Eps = 1e-10);
