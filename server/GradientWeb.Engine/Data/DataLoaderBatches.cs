using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Data;

/// <summary>
/// The batches of <c>DataLoader(TensorDataset(x, y), batch_size, shuffle, generator=torch.Generator().manual_seed(seed),
/// drop_last)</c>, epoch after epoch, drawn from the generator exactly as PyTorch 1.13 (and 2.x) draws them: each
/// epoch's iterator first takes its <c>_base_seed</c> (one int64 <c>random_</c>), then RandomSampler yields
/// <c>randperm(n)</c>, and once the batches are exhausted it calls <c>randperm(n)</c> once more for the empty tail
/// (<c>[:num_samples % n]</c>), whose draws are lost. The order lives in one preallocated array.
/// </summary>
public sealed class DataLoaderBatches
{
    private readonly TorchGenerator _generator;
    private readonly int[] _order;

    public DataLoaderBatches(int rows, int batchSize, bool shuffle, bool dropLast, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Rows = rows;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        _generator = new TorchGenerator(seed);
        _order = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            _order[i] = i;
        }

        Count = dropLast ? rows / batchSize : (rows + batchSize - 1) / batchSize;
        LastSize = dropLast || rows % batchSize == 0 ? batchSize : rows % batchSize;
    }

    public int Rows { get; }

    public int BatchSize { get; }

    public bool Shuffle { get; }

    public bool DropLast { get; }

    /// <summary>Batches per epoch: <c>len(loader)</c>.</summary>
    public int Count { get; }

    /// <summary>The last batch's size (smaller than <see cref="BatchSize"/> when the rows do not divide and it is kept).</summary>
    public int LastSize { get; }

    /// <summary>Draws the next epoch's order (call once before each epoch's batches).</summary>
    public void NextEpoch()
    {
        _generator.NextUInt64(); // _BaseDataLoaderIter.__init__: _base_seed, drawn even when the sampler is sequential
        if (!Shuffle)
        {
            return;
        }

        _generator.RandPerm(_order);
        _generator.SkipRandPerm(Rows);
    }

    /// <summary>Row indices of batch <paramref name="b"/> of the current epoch.</summary>
    public ReadOnlySpan<int> Batch(int b)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(b, Count);
        var start = b * BatchSize;
        return _order.AsSpan(start, Math.Min(BatchSize, Rows - start));
    }
}
