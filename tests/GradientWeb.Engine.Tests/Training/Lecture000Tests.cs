using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;
using GradientWeb.Tests.Golden;

namespace GradientWeb.Engine.Tests.Training;

/// <summary>Lecture 000 (02wk-1) §5A: the 30-epoch table the notes print, epoch by epoch.</summary>
public sealed class Lecture000Tests
{
    internal static TrainingSpec IceCreamSpec(double lr = 0.001, int epochs = 30) => Lecture000.Spec(lr, epochs);

    [Fact]
    public void Reproduces_the_printed_table_epoch_by_epoch()
    {
        var records = new List<EpochRecord>();
        var outcome = new TrainingEngine().Prepare(IceCreamSpec()).Run(records.Add, CancellationToken.None);

        Assert.Equal(TrainingEnd.Completed, outcome.End);
        Lecture000.AssertPrintedTable(records);
    }

    [Fact]
    public void Autograd_gradient_at_the_start_matches_the_notes()
    {
        // The notes print What.grad = [-1342.2465, 1188.9203] after loss.backward() at W = [-5, 10].
        var run = (TrainingRun)new TrainingEngine().Prepare(IceCreamSpec());
        run.Plan.Forward();
        run.Plan.Backward();
        var grads = run.Parameters.Grads.ToArray();
        Assert.Equal(-1342.2465, grads[0], 2);
        Assert.Equal(1188.9203, grads[1], 2);
    }

    [Fact]
    public void Every_record_carries_predictions_at_its_own_weights()
    {
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(IceCreamSpec()).Run(records.Add, CancellationToken.None);
        Assert.True(BuiltInDataSets.TryGet("icecream", out var data));
        foreach (var r in records)
        {
            Assert.NotNull(r.Yhat);
            Assert.Equal(r.Weights[0] + (r.Weights[1] * data.X[0][7]), r.Yhat![7], 4);
        }
    }

    [Fact]
    public void Learning_rate_0_01_diverges_and_stops_at_the_first_infinite_loss()
    {
        // Lecture 000: at lr = 0.01 the float32 loss is ∞ at epoch 117.
        var records = new List<EpochRecord>();
        var outcome = new TrainingEngine().Prepare(IceCreamSpec(lr: 0.01, epochs: 500)).Run(records.Add, CancellationToken.None);
        Assert.Equal(TrainingEnd.Diverged, outcome.End);
        Assert.Equal(117, outcome.LastEpoch);
        Assert.False(float.IsFinite(records[^1].Loss));
        Assert.All(records.SkipLast(1), r => Assert.True(float.IsFinite(r.Loss)));
    }
}
