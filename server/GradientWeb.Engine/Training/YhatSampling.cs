namespace GradientWeb.Engine.Training;

/// <summary>
/// Which epochs keep their predictions. Every epoch while epochs × rows stays under a budget; beyond it an
/// evenly spaced sample, always with the first and the last, so a 10 000-epoch job on 2 000 points stays small.
/// </summary>
public static class YhatSampling
{
    public const long ValueBudget = 2_000_000;

    public static int Stride(int epochs, int rows)
    {
        var total = (long)(epochs + 1) * Math.Max(rows, 1);
        return total <= ValueBudget ? 1 : (int)Math.Ceiling((double)total / ValueBudget);
    }

    public static bool Keeps(int epoch, int epochs, int stride) => epoch == 0 || epoch == epochs || epoch % stride == 0;
}
