using System.Collections;
using GradientWeb.Engine.Training;

namespace GradientWeb.Server.Jobs;

/// <summary>Records [<paramref name="From"/>, From + <paramref name="Count"/>) of a run's block.</summary>
public readonly record struct RecordSlice(RecordBlock Block, int From, int Count)
{
    public int FirstEpoch => Block.Epoch(From);

    public int LastEpoch => Block.Epoch(From + Count - 1);
}

/// <summary>
/// Consecutive records as the blocks the run wrote them into: what the job hands its writer and feed, so storing a
/// long run's history reads its columns (<see cref="Storage.RecordChunks"/>) and never makes an object per epoch. Read
/// by index it is also a list of <see cref="EpochRecord"/>s, each made when asked for (a watcher's batch, a test).
/// </summary>
public sealed class RecordSlices : IReadOnlyList<EpochRecord>
{
    public static readonly RecordSlices Empty = new([]);

    private readonly RecordSlice[] _slices;

    public RecordSlices(RecordSlice[] slices)
    {
        _slices = slices;
        Count = slices.Sum(s => s.Count);
    }

    /// <summary>Records of any shape: one block for each run of records with the same number of weights and ŷ values.</summary>
    public static RecordSlices Of(IReadOnlyList<EpochRecord> records)
    {
        if (records is RecordSlices slices)
        {
            return slices;
        }

        var result = new List<RecordSlice>();
        var (start, weights, yhat) = (0, -1, -1);
        for (var i = 0; i <= records.Count; i++)
        {
            var r = i < records.Count ? records[i] : null;
            var fits = r is not null && (weights < 0 || r.Weights.Length == weights) && (r.Yhat is null || yhat < 0 || r.Yhat.Length == yhat);
            if (!fits && i > start)
            {
                var block = RecordBlock.Of([.. records.Skip(start).Take(i - start)]);
                result.Add(new RecordSlice(block, 0, block.Count));
                (start, weights, yhat) = (i, -1, -1);
            }

            if (r is not null)
            {
                weights = r.Weights.Length;
                yhat = r.Yhat?.Length ?? yhat;
            }
        }

        return new RecordSlices([.. result]);
    }

    public IReadOnlyList<RecordSlice> Slices => _slices;

    public int Count { get; }

    /// <summary>The epoch of the last record (there must be one).</summary>
    public int LastEpoch => _slices[^1].LastEpoch;

    public EpochRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            foreach (var s in _slices)
            {
                if (index < s.Count)
                {
                    return s.Block.ToRecord(s.From + index);
                }

                index -= s.Count;
            }

            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    public IEnumerator<EpochRecord> GetEnumerator()
    {
        foreach (var s in _slices)
        {
            for (var i = s.From; i < s.From + s.Count; i++)
            {
                yield return s.Block.ToRecord(i);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
