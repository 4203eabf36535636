namespace GradientWeb.Engine.Training;

/// <summary>
/// Which epochs keep their predictions. Every epoch while a job is small; beyond that an evenly spaced sample,
/// always with the first and the last (and a non-finite epoch, where a diverging run stops). Any other epoch's ŷ is
/// computed on demand from its record's weights (<see cref="ITrainingRun.YhatAt"/>: the same numbers), so what is
/// stored is only what the live page draws while a job streams.
/// </summary>
public static class YhatSampling
{
    /// <summary>
    /// The most ŷ values one job stores (800 KB as float32). Storing ŷ was most of a small job's cost: under the
    /// earlier 2 M budget lecture 000 (100 000 epochs × 100 points) wrote ~6.7 MB of ŷ, ~1.1 µs an epoch of CPU
    /// beside a ~0.4 µs epoch. A 2 000-point data set keeps 100 vectors under it.
    /// </summary>
    public const long ValueBudget = 200_000;

    /// <summary>
    /// The most ŷ vectors one job stores, however few its points: the live fit chart moves once per push (every
    /// 50 ms, Training:StreamIntervalMilliseconds), so 500 give it a fresh ŷ on every push of a 25 s stream; a
    /// page scrubbing a finished job fetches any other epoch's ŷ (GET /jobs/{id}/predictions).
    /// </summary>
    public const int MaxVectors = 500;

    /// <summary>
    /// The epochs a JSON export with ŷ carries them on (stored or computed): the sample the history stored before
    /// ŷ's budget shrank, so an export holds what it did (at most ~2 M values a job).
    /// </summary>
    public const long ExportValueBudget = 2_000_000;

    /// <summary>The most mini-batch step values (each step's loss and weights) one job keeps; not ŷ, and not shrunk with it.</summary>
    public const long StepValueBudget = 2_000_000;

    /// <summary>
    /// Every how many epochs ŷ is stored for a job of <paramref name="epochs"/> on <paramref name="rows"/> rows that
    /// keeps every <paramref name="recordEvery"/>-th record: a multiple of it, or ŷ would land only where the two
    /// strides meet (a 10 000-epoch 1→64→64→1 job kept 35 ŷ of its ~100).
    /// </summary>
    public static int Stride(int epochs, int rows, int recordEvery)
    {
        var stride = Math.Max(Stride(epochs, rows, ValueBudget), (int)Math.Ceiling((epochs + 1) / (double)MaxVectors));
        var every = Math.Max(1, recordEvery);
        return (stride + every - 1) / every * every;
    }

    /// <summary>Every how many epochs a JSON export with ŷ carries them.</summary>
    public static int ExportStride(int epochs, int rows) => Stride(epochs, rows, ExportValueBudget);

    /// <summary>Every how many epochs a mini-batch job keeps its steps (<paramref name="values"/> per epoch).</summary>
    public static int StepStride(int epochs, int values) => Stride(epochs, values, StepValueBudget);

    private static int Stride(int epochs, int rows, long budget)
    {
        var total = (long)(epochs + 1) * Math.Max(rows, 1);
        return total <= budget ? 1 : (int)Math.Ceiling((double)total / budget);
    }

    public static bool Keeps(int epoch, int epochs, int stride) => epoch == 0 || epoch == epochs || epoch % stride == 0;

    /// <summary>As <see cref="Keeps(int, int, int)"/>, and the epoch a diverging run stops at (its last record).</summary>
    public static bool Keeps(int epoch, float loss, int epochs, int stride) => Keeps(epoch, epochs, stride) || !float.IsFinite(loss);
}
