using System.Text.Json;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;

namespace GradientWeb.Server.Tests.Jobs;

/// <summary>The trainer's records reach the job in batches, but never later than the batch's time budget.</summary>
public sealed class RecordBatchesTests
{
    [Fact]
    public void A_job_that_slows_down_hands_over_a_record_once_its_batch_is_older_than_the_budget()
    {
        Assert.True(BuiltInDataSets.TryGet("icecream", out var data));
        var spec = new TrainingSpec(data, new ModelSpec(ModelKind.Linear), LossKind.Sse, new OptimizerSpec("sgd"), 0.001, 10, [-5, 10]);
        var job = new Job("0123456789abcdef01234567", JsonDocument.Parse("{}").RootElement, spec, new TrainingEngine().Prepare(spec), DateTimeOffset.UnixEpoch);
        var batches = new RecordBatches(job, CancellationToken.None);
        var block = new RecordBlock(100_010, 2, 0, 0);
        var added = 0;
        void Add()
        {
            block.Add(new EpochRecord(added++, 1f, [1f, 2f], null));
            batches.Added(block);
        }

        // Records made fast: the batch grows to its largest (a hand-over per 256 records).
        while (batches.Size < RecordBatches.MaxCount && added < 100_000)
        {
            Add();
        }

        Assert.Equal(RecordBatches.MaxCount, batches.Size);
        batches.Flush();

        // Then the job slows down: two records further apart than the budget. Without the time check both waited in a
        // batch of 256 (at one epoch a second, four minutes) before a watcher could see them.
        Add();
        Thread.Sleep(3 * RecordBatches.MaxDelayMilliseconds);
        Add();
        Assert.Equal(added, job.RecordCount);
    }
}
