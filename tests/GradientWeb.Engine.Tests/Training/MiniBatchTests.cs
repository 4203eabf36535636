using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Training;

/// <summary>Mini-batch jobs: how many steps an epoch takes, what a record holds, and the specs that cannot train.</summary>
public sealed class MiniBatchTests
{
    [Theory]
    [InlineData(100, 16, false, 7, 4)]
    [InlineData(100, 16, true, 6, 16)]
    [InlineData(100, 10, false, 10, 10)]
    [InlineData(5, 10, false, 1, 5)]
    [InlineData(7, 1, false, 7, 1)]
    public void The_loader_makes_as_many_batches_as_len_of_a_DataLoader(int rows, int size, bool dropLast, int count, int lastSize)
    {
        var loader = new DataLoaderBatches(rows, size, shuffle: true, dropLast, seed: 0);
        Assert.Equal(count, loader.Count);
        Assert.Equal(lastSize, loader.LastSize);
        loader.NextEpoch();
        Assert.Equal(lastSize, loader.Batch(count - 1).Length);
        var seen = Enumerable.Range(0, count).SelectMany(b => loader.Batch(b).ToArray()).ToList();
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public void Random_split_lengths_follow_torch_floor_and_round_robin()
    {
        Assert.Equal((80, 20), RandomSplit.Lengths(100, 0.2));
        Assert.Equal((7, 3), RandomSplit.Lengths(10, 0.3));
        Assert.Equal((3, 2), RandomSplit.Lengths(5, 0.5)); // floor 2 + 2, the remainder goes to the first split
    }

    [Fact]
    public void A_mini_batch_record_holds_the_epoch_steps_and_ends_at_the_record_weights()
    {
        var spec = Spec() with { Batch = new BatchSpec(16, true, 0, false) };
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(spec).Run(records.Add, CancellationToken.None);
        Assert.Equal(spec.Epochs + 1, records.Count);
        Assert.Null(records[0].Steps);
        Assert.All(records.Skip(1), r => Assert.Equal(7, r.Steps!.Losses.Length));
        Assert.All(records.Skip(1), r => Assert.Equal(r.Weights, r.Steps!.Weights[^1]));
        Assert.Equal("r2", records[^1].Metrics!.Name);
        Assert.Null(records[^1].ValidationLoss);
    }

    [Fact]
    public void A_validation_split_reports_held_out_loss_and_predictions_on_every_row_in_data_order()
    {
        var spec = Spec() with { Validation = new ValidationSpec(0.2, 0) };
        var records = new List<EpochRecord>();
        var run = new TrainingEngine().Prepare(spec);
        run.Run(records.Add, CancellationToken.None);
        var last = records[^1];
        Assert.NotNull(last.ValidationLoss);
        Assert.NotNull(last.Metrics!.Validation);
        Assert.Equal(spec.Data!.Rows, last.Yhat!.Length);
        // ŷ is on the rows of the data set as given: w0 + w1·x for each row.
        var x = spec.Data.X[0];
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(last.Weights[0] + (last.Weights[1] * x[i]), last.Yhat[i], 3);
        }
    }

    [Theory]
    [InlineData(0, false, 0.2, "batch.size")]
    [InlineData(101, true, null, "batch.size")]
    [InlineData(81, true, 0.2, "batch.size")]
    [InlineData(16, false, 0.0, "validation.fraction")]
    [InlineData(16, false, 1.0, "validation.fraction")]
    [InlineData(16, false, 0.001, "validation.fraction")]
    public void Specs_that_cannot_train_name_their_field(int size, bool dropLast, double? fraction, string field)
    {
        var spec = Spec() with
        {
            Batch = new BatchSpec(size, true, 0, dropLast),
            Validation = fraction is { } f ? new ValidationSpec(f, 0) : null,
        };
        var ex = Assert.Throws<SpecException>(() => new TrainingEngine().Prepare(spec));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Inspecting_a_mini_batch_job_shows_the_first_batch_step_of_the_next_epoch()
    {
        var spec = Spec() with { Batch = new BatchSpec(16, true, 0, false) };
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(spec).Run(records.Add, CancellationToken.None);
        var step = new TrainingEngine().Prepare(spec).InspectStep(2, CancellationToken.None);
        Assert.Equal(records[2].Weights, step.Weights);
        Assert.Equal(records[3].Steps!.Losses[0], step.Loss);
        Assert.Equal(records[3].Steps!.Weights[0], step.WeightsAfter);
    }

    private static TrainingSpec Spec() =>
        new(BuiltInDataSets.TryGet("icecream", out var d) ? d : null, new ModelSpec(ModelKind.Linear), LossKind.Mse, new OptimizerSpec("sgd"), 0.01, 5, [-5, 10]);
}
