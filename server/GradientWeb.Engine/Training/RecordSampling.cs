namespace GradientWeb.Engine.Training;

/// <summary>
/// Which records a long job keeps when all of them would not fit a budget of stored values (epochs × weights):
/// every k-th, always the first, the last and a non-finite one (where a diverging run stops), like ŷ's sampling.
/// </summary>
public static class RecordSampling
{
    /// <summary>The smallest k whose kept records (epochs / k + 2 of them at most) hold at most <paramref name="budget"/> weights; 0 when even two do not fit.</summary>
    public static int Every(int epochs, int weights, long budget)
    {
        var perRecord = Math.Max(weights, 1);
        var fit = budget / perRecord;
        if (fit < 2)
        {
            return 0;
        }

        if (epochs + 1 <= fit)
        {
            return 1;
        }

        // Records 0, k, 2k, … ≤ epochs, plus the last: at most ⌊epochs / k⌋ + 2 ≤ fit.
        return fit == 2 ? epochs + 1 : (int)Math.Ceiling(epochs / (double)(fit - 2));
    }

    public static bool Keeps(EpochRecord record, int epochs, int every) => Keeps(record.Epoch, record.Loss, epochs, every);

    /// <summary>Whether record <paramref name="epoch"/> is kept, asked before it is made (the engine makes no record it would drop).</summary>
    public static bool Keeps(int epoch, float loss, int epochs, int every) =>
        every <= 1 || epoch == 0 || epoch == epochs || epoch % every == 0 || !float.IsFinite(loss);
}
