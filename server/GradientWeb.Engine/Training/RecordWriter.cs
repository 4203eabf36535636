namespace GradientWeb.Engine.Training;

/// <summary>Where a run hands its records over, one at a time, as it makes them (on the training thread).</summary>
public interface IRecordSink
{
    /// <summary>
    /// Record <c>block.Count − 1</c> has just been written. The block is the run's: it only grows, and once full the run
    /// goes on in a new one, so a sink may keep a block and read what it had been handed long after.
    /// </summary>
    void Added(RecordBlock block);
}

/// <summary>
/// A run's side of its records: blocks sized for the job (about <see cref="MaxValues"/> floats, at most
/// <see cref="MaxRecords"/> records, ŷ room for the records that keep it), a new one when the last is full, each record
/// handed to the sink once written, and every record's loss to the run's <see cref="LossTrend"/>.
/// </summary>
public sealed class RecordWriter
{
    public const int MaxRecords = 4096;
    public const int MaxValues = 1 << 16;

    private readonly IRecordSink _sink;
    private readonly LossTrend? _trend;
    private readonly int _capacity;
    private readonly int _yhatCapacity;
    private readonly int _weights;
    private readonly int _rows;
    private RecordBlock? _block;

    /// <param name="records">The most records the run can make (its blocks are no larger).</param>
    /// <param name="yhatEvery">About every how many records keeps ŷ (<see cref="YhatSampling"/>).</param>
    public RecordWriter(IRecordSink sink, int weights, int rows, long records, int yhatEvery, LossTrend? trend = null)
    {
        (_sink, _trend, _weights, _rows) = (sink, trend, weights, rows);
        var every = Math.Max(1, yhatEvery);
        var perRecord = weights + 2 + (rows / (double)every);
        _capacity = (int)Math.Clamp(Math.Min(MaxValues / perRecord, records), 1, MaxRecords);
        _yhatCapacity = rows == 0 ? 0 : Math.Min(_capacity, (_capacity / every) + 2);
    }

    /// <summary>The last record handed over (its loss, say, to stop a diverging run).</summary>
    public float LastLoss => _block is { Count: > 0 } b ? b.Loss(b.Count - 1) : float.NaN;

    /// <summary>The block to write the next record into: one with room for it (and its ŷ, <paramref name="withYhat"/>).</summary>
    public RecordBlock Next(bool withYhat)
    {
        if (_block is null || _block.IsFull(withYhat))
        {
            _block = new RecordBlock(_capacity, _weights, _rows, _yhatCapacity);
        }

        return _block;
    }

    /// <summary>The record begun in <see cref="Next"/>'s block is whole: hand it over.</summary>
    public void Added()
    {
        var block = _block!;
        _trend?.Add(block.Loss(block.Count - 1));
        _sink.Added(block);
    }

    /// <summary>Copies a record in and hands it over (an engine that makes <see cref="EpochRecord"/>s).</summary>
    public void Add(EpochRecord record)
    {
        Next(record.Yhat is not null).Add(record);
        Added();
    }

    /// <summary>How the run ended, told by its last record (which every engine hands over last).</summary>
    public TrainingOutcome Outcome() => TrainingOutcome.Of(_block!.ToRecord(_block.Count - 1));
}

/// <summary>Sinks for callers that want records as objects, or none at all.</summary>
public static class RecordSinks
{
    /// <summary>Keeps nothing (benchmarks: the run still writes every record it keeps into its blocks).</summary>
    public static IRecordSink Discard { get; } = new Each(null);

    /// <summary>Trains, handing every record over as an <see cref="EpochRecord"/> of its own (tests, inspection, checks).</summary>
    public static TrainingOutcome Run(this ITrainingRun run, Action<EpochRecord> onRecord, CancellationToken cancellationToken) =>
        run.Run(new Each(onRecord), cancellationToken);

    private sealed class Each(Action<EpochRecord>? onRecord) : IRecordSink
    {
        public void Added(RecordBlock block) => onRecord?.Invoke(block.ToRecord(block.Count - 1));
    }
}
