namespace GradientWeb.Engine.Training;

/// <summary>
/// Consecutive records of one run as columns: epochs, losses, weights (one row of θ each), ŷ for the records that keep
/// it, and the optional parts. A run writes its records into blocks allocated a chunk at a time rather than one object
/// and one weights array per epoch (issue 19: on lecture 000 those and the garbage collections they caused cost more
/// than the epochs). A block only grows; readers read below a count the writer has published to them, so the records
/// they read never change. <see cref="ToRecord"/> makes one record an <see cref="EpochRecord"/> for readers that want one.
/// </summary>
public sealed class RecordBlock
{
    /// <summary>The parts a record holds besides epoch, loss and weights (the stored chunks' flags, RecordChunks).</summary>
    [Flags]
    public enum Parts : byte
    {
        None = 0,
        Yhat = 1,
        Validation = 2,
        Metrics = 4,
        MetricValidation = 8,
        Steps = 16,
    }

    private readonly int[] _epochs;
    private readonly float[] _losses;
    private readonly float[] _weights;
    private readonly Parts[] _parts;
    private readonly int[] _yhatAt;
    private readonly float[] _yhat;
    private readonly float[] _validation;
    private readonly float[] _metricTrain;
    private readonly float[] _metricValidation;
    private readonly string?[] _metricNames;
    private readonly long[] _valuesThrough;
    private BatchSteps?[]? _steps;
    private int _yhatCount;

    /// <param name="capacity">Records it holds.</param>
    /// <param name="weights">Weights per record.</param>
    /// <param name="rows">ŷ values per record that keeps ŷ.</param>
    /// <param name="yhatCapacity">Records of it that may keep ŷ.</param>
    public RecordBlock(int capacity, int weights, int rows, int yhatCapacity)
    {
        Capacity = Math.Max(1, capacity);
        WeightCount = weights;
        Rows = rows;
        YhatCapacity = Math.Clamp(yhatCapacity, 0, Capacity);
        _epochs = new int[Capacity];
        _losses = GC.AllocateUninitializedArray<float>(Capacity);
        _weights = GC.AllocateUninitializedArray<float>(Capacity * weights);
        _parts = new Parts[Capacity];
        _yhatAt = GC.AllocateUninitializedArray<int>(Capacity);
        _yhat = GC.AllocateUninitializedArray<float>(YhatCapacity * rows);
        _validation = GC.AllocateUninitializedArray<float>(Capacity);
        _metricTrain = GC.AllocateUninitializedArray<float>(Capacity);
        _metricValidation = GC.AllocateUninitializedArray<float>(Capacity);
        _metricNames = new string?[Capacity];
        _valuesThrough = GC.AllocateUninitializedArray<long>(Capacity);
    }

    public int Capacity { get; }

    public int WeightCount { get; }

    public int Rows { get; }

    public int YhatCapacity { get; }

    /// <summary>Records written so far (the writer's count; readers use the count handed to them).</summary>
    public int Count { get; private set; }

    /// <summary>No room for another record, or for another record's ŷ.</summary>
    public bool IsFull(bool withYhat) => Count == Capacity || (withYhat && _yhatCount == YhatCapacity);

    public int Epoch(int i) => _epochs[i];

    public float Loss(int i) => _losses[i];

    public ReadOnlySpan<float> Weights(int i) => _weights.AsSpan(i * WeightCount, WeightCount);

    public Parts PartsOf(int i) => _parts[i];

    public bool HasYhat(int i) => (_parts[i] & Parts.Yhat) != 0;

    public ReadOnlySpan<float> Yhat(int i) => HasYhat(i) ? _yhat.AsSpan(_yhatAt[i] * Rows, Rows) : default;

    public float? ValidationLoss(int i) => (_parts[i] & Parts.Validation) != 0 ? _validation[i] : null;

    /// <summary>The metric's name (<c>accuracy</c> or <c>r2</c>), null when the record has none.</summary>
    public string? MetricName(int i) => (_parts[i] & Parts.Metrics) != 0 ? _metricNames[i] : null;

    public float MetricTrain(int i) => _metricTrain[i];

    public float? MetricValidation(int i) => (_parts[i] & Parts.MetricValidation) != 0 ? _metricValidation[i] : null;

    public BatchSteps? Steps(int i) => _steps?[i];

    /// <summary>The floats records [from, from + count) hold: what a job's memory and the stored chunks are bounded by.</summary>
    public long Values(int from, int count) => count == 0 ? 0 : _valuesThrough[from + count - 1] - (from == 0 ? 0 : _valuesThrough[from - 1]);

    /// <summary>The floats one record holds (as <see cref="Values(int, int)"/> counts them).</summary>
    public static long ValuesOf(int weights, int yhat, BatchSteps? steps) =>
        2 + weights + yhat + (steps is null ? 0 : steps.Losses.Length * (1 + (long)weights));

    // The writer's side: Begin a record, fill its parts, then End it. Nothing here allocates.

    /// <summary>Starts record <see cref="Count"/> and returns its θ row to fill; call <see cref="End"/> when it is whole.</summary>
    public Span<float> Begin(int epoch, float loss)
    {
        var i = Count;
        _epochs[i] = epoch;
        _losses[i] = loss;
        _parts[i] = Parts.None;
        return _weights.AsSpan(i * WeightCount, WeightCount);
    }

    /// <summary>The started record keeps ŷ: the span to write it into.</summary>
    public Span<float> WithYhat()
    {
        var i = Count;
        _parts[i] |= Parts.Yhat;
        _yhatAt[i] = _yhatCount++;
        return _yhat.AsSpan(_yhatAt[i] * Rows, Rows);
    }

    public void WithValidation(float loss)
    {
        _parts[Count] |= Parts.Validation;
        _validation[Count] = loss;
    }

    public void WithMetrics(string name, float train, float? validation)
    {
        _metricNames[Count] = name;
        _parts[Count] |= Parts.Metrics | (validation is null ? Parts.None : Parts.MetricValidation);
        _metricTrain[Count] = train;
        _metricValidation[Count] = validation ?? 0;
    }

    public void WithSteps(BatchSteps steps)
    {
        _steps ??= new BatchSteps?[Capacity];
        _parts[Count] |= Parts.Steps;
        _steps[Count] = steps;
    }

    /// <summary>The started record is whole.</summary>
    public void End()
    {
        var i = Count;
        var values = ValuesOf(WeightCount, HasYhat(i) ? Rows : 0, Steps(i));
        _valuesThrough[i] = (i == 0 ? 0 : _valuesThrough[i - 1]) + values;
        Count = i + 1;
    }

    /// <summary>Copies a record in (an engine that makes <see cref="EpochRecord"/>s, or records read back).</summary>
    public void Add(EpochRecord record)
    {
        record.Weights.CopyTo(Begin(record.Epoch, record.Loss));
        if (record.Yhat is { } yhat)
        {
            yhat.CopyTo(WithYhat());
        }

        if (record.ValidationLoss is { } validation)
        {
            WithValidation(validation);
        }

        if (record.Metrics is { } metrics)
        {
            WithMetrics(metrics.Name, metrics.Train, metrics.Validation);
        }

        if (record.Steps is { } steps)
        {
            WithSteps(steps);
        }

        End();
    }

    /// <summary>Record <paramref name="i"/> as an object, its arrays copied out.</summary>
    public EpochRecord ToRecord(int i) => new(_epochs[i], _losses[i], Weights(i).ToArray(), HasYhat(i) ? Yhat(i).ToArray() : null)
    {
        ValidationLoss = ValidationLoss(i),
        Metrics = (_parts[i] & Parts.Metrics) != 0 ? new EpochMetrics(_metricNames[i]!, _metricTrain[i], MetricValidation(i)) : null,
        Steps = Steps(i),
    };

    /// <summary>Records as one block (every record of one run: the same number of weights, and of ŷ values where kept).</summary>
    public static RecordBlock Of(IReadOnlyList<EpochRecord> records)
    {
        var yhat = records.FirstOrDefault(r => r.Yhat is not null)?.Yhat?.Length ?? 0;
        var block = new RecordBlock(records.Count, records.Count == 0 ? 0 : records[0].Weights.Length, yhat, records.Count(r => r.Yhat is not null));
        foreach (var record in records)
        {
            block.Add(record);
        }

        return block;
    }
}
