using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Training;

/// <summary>
/// A kept epoch costs its record and nothing besides: the record, its weights, its metric and, on the epochs whose
/// ŷ is sampled, the predictions. Measured in bytes allocated on the training thread, never in time.
/// </summary>
public sealed class RecordAllocationTests
{
    [Theory]
    [InlineData("linear-sse-sgd", 2)]
    [InlineData("mlp-bce-adam", 7)]
    public void A_kept_epoch_allocates_only_its_record(string workload, int weights)
    {
        const int epochs = 20_000;
        var spec = AllocationTests.Spec(workload) with { Epochs = epochs };
        Warm(spec);
        var run = new TrainingEngine().Prepare(spec);
        long yhatBytes = 0;
        var records = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        run.Run(r => { records++; yhatBytes += r.Yhat is null ? 0 : 24 + (((r.Yhat.Length * sizeof(float)) + 7) & ~7); }, CancellationToken.None);
        var perEpoch = (GC.GetAllocatedBytesForCurrentThread() - before - yhatBytes) / (double)records;

        // EpochRecord (~64 B) and float[weights] (24 B + 4 B each, 8-aligned); ŷ arrays are counted apart, and a metric
        // only where the score moved (EpochMetrics, ~40 B, shared between epochs that score the same).
        var record = 64 + 24 + (((weights * 4) + 7) & ~7);
        Assert.Equal(epochs + 1, records);
        Assert.True(perEpoch <= record + 8, $"{perEpoch:F1} bytes per kept epoch beside ŷ; its record takes about {record}");
    }

    private static void Warm(TrainingSpec spec) => new TrainingEngine().Prepare(spec with { Epochs = 50 }).Run(_ => { }, CancellationToken.None);
}
