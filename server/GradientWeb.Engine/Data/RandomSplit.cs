using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Data;

/// <summary>
/// <c>random_split(dataset, [1 − f, f], generator=torch.Generator().manual_seed(seed))</c> as PyTorch 1.13 computes
/// it: each length floor(n · fraction) (in double), the remainder added one by one round-robin from the first
/// split, then <c>randperm(n)</c> cut into the training indices and the validation indices, in that order.
/// </summary>
public static class RandomSplit
{
    public static (int Train, int Validation) Lengths(int rows, double fraction)
    {
        var train = (int)Math.Floor(rows * (1 - fraction));
        var validation = (int)Math.Floor(rows * fraction);
        var remainder = rows - train - validation;
        for (var i = 0; i < remainder; i++)
        {
            if (i % 2 == 0)
            {
                train++;
            }
            else
            {
                validation++;
            }
        }

        return (train, validation);
    }

    public static (int[] Train, int[] Validation) Indices(int rows, double fraction, ulong seed)
    {
        var (train, _) = Lengths(rows, fraction);
        var permutation = new int[rows];
        new TorchGenerator(seed).RandPerm(permutation);
        return (permutation[..train], permutation[train..]);
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order (a <c>Subset</c>).</summary>
    public static DataSet Subset(DataSet data, int[] indices) =>
        new(data.Name, data.XColumns, data.YColumn, [.. data.X.Select(c => Gather(c, indices))], Gather(data.Y, indices), data.Description, data.Source);

    private static float[] Gather(float[] column, int[] indices)
    {
        var result = new float[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            result[i] = column[indices[i]];
        }

        return result;
    }
}
