namespace GradientWeb.Engine.Training;

/// <summary>
/// <c>DataLoader(TensorDataset(x, y), batch_size=Size, shuffle=Shuffle, generator=torch.Generator().manual_seed(Seed),
/// drop_last=DropLast)</c> over the training rows, one optimizer step per batch.
/// </summary>
public sealed record BatchSpec(int Size, bool Shuffle, ulong Seed, bool DropLast);

/// <summary>
/// <c>random_split(TensorDataset(x, y), [1 − Fraction, Fraction], generator=torch.Generator().manual_seed(Seed))</c>:
/// the second part is held out, its loss and metric reported every epoch, never trained on.
/// </summary>
public sealed record ValidationSpec(double Fraction, ulong Seed);
