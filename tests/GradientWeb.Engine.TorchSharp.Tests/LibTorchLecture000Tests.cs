using GradientWeb.Testing;
using GradientWeb.Engine.Training;
using GradientWeb.Tests.Golden;

namespace GradientWeb.Engine.TorchSharp.Tests;

/// <summary>Lecture 000 on libtorch: the notes' table, their gradient, ŷ in every record, and the inspection calls.</summary>
public sealed class LibTorchLecture000Tests
{
    [LibTorchFact]
    public void Libtorch_prints_the_notes_table()
    {
        var records = new List<EpochRecord>();
        var outcome = new LibTorchEngine().Prepare(Lecture000.Spec()).Run(records.Add, CancellationToken.None);

        Assert.Equal(TrainingEnd.Completed, outcome.End);
        Lecture000.AssertPrintedTable(records);
    }

    [LibTorchFact]
    public void The_start_gradient_is_libtorchs_autograd_and_agrees_with_central_differences()
    {
        // The notes print What.grad = [-1342.2465, 1188.9203] after loss.backward() at W = [-5, 10].
        var diagnostics = new LibTorchEngine().Prepare(Lecture000.Spec()).Diagnose();
        Assert.Equal(-1342.2465, diagnostics.Gradient[0], 2);
        Assert.Equal(1188.9203, diagnostics.Gradient[1], 2);
        Assert.True(diagnostics.MaxRelativeDifference < 1e-3, $"max relative difference {diagnostics.MaxRelativeDifference}");
        Assert.NotNull(diagnostics.ClosedForm);
        Assert.NotNull(diagnostics.StableLrBound);
    }

    [LibTorchFact]
    public void Every_record_carries_predictions_at_its_own_weights()
    {
        var records = new List<EpochRecord>();
        new LibTorchEngine().Prepare(Lecture000.Spec()).Run(records.Add, CancellationToken.None);
        var x = Lecture000.Spec().Data!.X[0];
        Assert.All(records, r => Assert.Equal(r.Weights[0] + (r.Weights[1] * x[7]), r.Yhat![7], 4));
    }

    [LibTorchFact]
    public void Loss_and_predictions_at_any_weights_match_our_engine()
    {
        var spec = Lecture000.Spec() with { Preprocess = Data.Preprocess.Standardize };
        var ours = new TrainingEngine().Prepare(spec);
        var theirs = new LibTorchEngine().Prepare(spec);
        float[] weights = [1.5f, -0.25f];
        GoldenCases.Close(ours.LossAt(weights), theirs.LossAt(weights), "loss at (1.5, -0.25)");
        float[][] grid = [[10f, 20f, 30f]];
        var expected = ours.PredictAt(weights, grid);
        var actual = theirs.PredictAt(weights, grid);
        for (var i = 0; i < expected.Length; i++)
        {
            GoldenCases.Close(expected[i], actual[i], $"ŷ at x = {grid[0][i]}");
        }
    }

    [LibTorchFact]
    public void A_replayed_step_matches_the_recorded_history()
    {
        var records = new List<EpochRecord>();
        new LibTorchEngine().Prepare(Lecture000.Spec()).Run(records.Add, CancellationToken.None);
        var step = new LibTorchEngine().Prepare(Lecture000.Spec()).InspectStep(5, CancellationToken.None);
        for (var i = 0; i < 2; i++)
        {
            GoldenCases.Close(records[5].Weights[i], step.Weights[i], $"w{i} at epoch 5");
            GoldenCases.Close(records[6].Weights[i], step.WeightsAfter[i], $"w{i} after epoch 5");
        }
    }

    [LibTorchFact]
    public void Cancelling_stops_the_run()
    {
        using var cancel = new CancellationTokenSource();
        var run = new LibTorchEngine().Prepare(Lecture000.Spec(epochs: 1000));
        Assert.Throws<OperationCanceledException>(() => run.Run(r => { if (r.Epoch == 10) { cancel.Cancel(); } }, cancel.Token));
    }
}
