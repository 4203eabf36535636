using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Training;

/// <summary>
/// A kept epoch costs its place in the run's record blocks and nothing besides: no object and no weights array per
/// epoch (issue 19), only the blocks' columns, allocated a block at a time. Measured in bytes allocated on the training
/// thread, never in time.
/// </summary>
public sealed class RecordAllocationTests
{
    [Theory]
    [InlineData("linear-sse-sgd", 2)]
    [InlineData("mlp-bce-adam", 7)]
    public void A_kept_epoch_allocates_only_its_columns_in_the_run_s_blocks(string workload, int weights)
    {
        const int epochs = 20_000;
        var spec = AllocationTests.Spec(workload) with { Epochs = epochs };
        Warm(spec);
        var run = new TrainingEngine().Prepare(spec);
        var sink = new Counting();
        var before = GC.GetAllocatedBytesForCurrentThread();
        run.Run(sink, CancellationToken.None);
        var perEpoch = (GC.GetAllocatedBytesForCurrentThread() - before - sink.YhatBytes) / (double)sink.Records;

        // Columns: epoch, loss, parts, ŷ slot, validation loss, metric (train, validation, name), values so far: 45 B,
        // and 4 B a weight; the last block is partly empty, and the run's outcome copies its last record once.
        Assert.Equal(epochs + 1, sink.Records);
        Assert.True(sink.Blocks.Count > 1, "the run should have gone on in new blocks");
        Assert.True(perEpoch <= 45 + (4 * weights) + 12, $"{perEpoch:F1} bytes per kept epoch beside ŷ; its columns take {45 + (4 * weights)}");
    }

    private static void Warm(TrainingSpec spec) => new TrainingEngine().Prepare(spec with { Epochs = 50 }).Run(RecordSinks.Discard, CancellationToken.None);

    private sealed class Counting : IRecordSink
    {
        public List<RecordBlock> Blocks { get; } = new(capacity: 1024);

        public int Records { get; private set; }

        // ŷ room is allocated with its block, used or not: counted apart, as the predictions the job keeps.
        public long YhatBytes { get; private set; }

        public void Added(RecordBlock block)
        {
            Records++;
            if (Blocks.Count == 0 || !ReferenceEquals(Blocks[^1], block))
            {
                Blocks.Add(block);
                YhatBytes += (long)block.YhatCapacity * block.Rows * sizeof(float);
            }
        }
    }
}
