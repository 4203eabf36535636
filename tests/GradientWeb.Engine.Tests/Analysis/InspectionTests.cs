using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Tests.Training;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Analysis;

/// <summary>What the run page's landscape, decision boundary, step and graph views ask of the engine.</summary>
public sealed class InspectionTests
{
    private static List<EpochRecord> Train(TrainingSpec spec)
    {
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(spec).Run(records.Add, CancellationToken.None);
        return records;
    }

    private static TrainingSpec HeightWeight(OptimizerSpec optimizer)
    {
        Assert.True(BuiltInDataSets.TryGet("heightweight", out var data));
        return new TrainingSpec(data, new ModelSpec(ModelKind.Linear), LossKind.Mse, optimizer, 0.001, 500, [1.0, 1.0]) { Preprocess = Preprocess.Center };
    }

    public static TheoryData<string> Optimizers => ["sgd", "sgd-momentum", "adam", "rmsprop", "adagrad"];

    private static OptimizerSpec Optimizer(string name) => name switch
    {
        "sgd-momentum" => new OptimizerSpec("sgd") { Momentum = 0.9 },
        _ => new OptimizerSpec(name),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_replayed_step_lands_exactly_on_the_recorded_history(string optimizer)
    {
        var spec = Lecture000Tests.IceCreamSpec(epochs: 30) with { Optimizer = Optimizer(optimizer) };
        var history = Train(spec);
        foreach (var epoch in new[] { 0, 7, 29 })
        {
            var step = new TrainingEngine().Prepare(spec).InspectStep(epoch, CancellationToken.None);
            Assert.Equal(history[epoch].Weights, step.Weights);
            Assert.Equal(history[epoch].Loss, step.Loss);
            Assert.Equal(history[epoch + 1].Weights, step.WeightsAfter);
            Assert.True(step.StepTaken);
            for (var i = 0; i < step.Update.Length; i++)
            {
                Assert.Equal(step.WeightsAfter[i] - step.Weights[i], step.Update[i]);
            }
        }
    }

    [Fact]
    public void Plain_sgd_steps_by_minus_lr_times_the_gradient_and_keeps_no_state()
    {
        var step = new TrainingEngine().Prepare(Lecture000Tests.IceCreamSpec()).InspectStep(0, CancellationToken.None);

        // Lecture 000: What.grad = [-1342.2465, 1188.9203] at W = [-5, 10]; W ← W − 0.001·grad.
        Assert.Equal(-1342.2465, step.Gradient[0], 2);
        Assert.Equal(1188.9203, step.Gradient[1], 2);
        Assert.Equal(1.3422465, step.Update[0], 5);
        Assert.Equal(-1.1889203, step.Update[1], 5);
        Assert.Empty(step.StateBefore);
        Assert.Empty(step.StateAfter);
    }

    [Fact]
    public void Adam_state_gives_the_update_through_its_bias_corrected_moments()
    {
        var spec = Lecture000Tests.IceCreamSpec() with { Optimizer = new OptimizerSpec("adam"), Lr = 0.1 };
        var step = new TrainingEngine().Prepare(spec).InspectStep(5, CancellationToken.None);

        Assert.Equal(["exp_avg", "exp_avg_sq", "m_hat", "v_hat"], step.StateAfter.Select(b => b.Name));
        var mHat = step.StateAfter[2].Values;
        var vHat = step.StateAfter[3].Values;
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(-0.1 * mHat[i] / (Math.Sqrt(vHat[i]) + 1e-8), step.Update[i], 5);
        }

        // m after = β₁·m before + (1 − β₁)·g.
        var mBefore = step.StateBefore[0].Values;
        Assert.Equal((0.9 * mBefore[0]) + (0.1 * step.Gradient[0]), step.StateAfter[0].Values[0], 1e-3);
    }

    [Fact]
    public void Momentum_buffer_after_the_step_is_the_update_divided_by_minus_lr()
    {
        var spec = HeightWeight(new OptimizerSpec("sgd") { Momentum = 0.9 });
        var step = new TrainingEngine().Prepare(spec).InspectStep(10, CancellationToken.None);
        var buffer = Assert.Single(step.StateAfter).Values;
        Assert.Equal("momentum_buffer", step.StateAfter[0].Name);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(-0.001 * buffer[i], step.Update[i], 6);
        }
    }

    [Fact]
    public void The_last_record_shows_the_step_that_was_not_taken()
    {
        var spec = Lecture000Tests.IceCreamSpec(epochs: 3);
        var step = new TrainingEngine().Prepare(spec).InspectStep(3, CancellationToken.None);
        Assert.False(step.StepTaken);
        Assert.Equal(Train(spec)[3].Weights, step.Weights);
    }

    [Fact]
    public void A_run_replays_once_and_rejects_epochs_it_does_not_have()
    {
        var run = new TrainingEngine().Prepare(Lecture000Tests.IceCreamSpec(epochs: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => run.InspectStep(4, CancellationToken.None));
        run.InspectStep(1, CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => run.InspectStep(1, CancellationToken.None));
    }

    [Fact]
    public void Loss_at_recorded_weights_is_the_recorded_loss()
    {
        var spec = HeightWeight(new OptimizerSpec("sgd"));
        var history = Train(spec);
        var run = new TrainingEngine().Prepare(spec);
        foreach (var r in new[] { history[0], history[250], history[^1] })
        {
            Assert.Equal(r.Loss, run.LossAt(r.Weights));
        }

        // Lecture 002's printed first and last rows (it prints every 10th epoch, the last at 490): 13.3520 … 4.6796.
        Assert.Equal(13.3520, run.LossAt(history[0].Weights), 4);
        Assert.Equal(4.6796, run.LossAt(history[490].Weights), 4);
    }

    [Fact]
    public void Predictions_at_the_data_points_in_original_units_are_the_recorded_yhat()
    {
        // Centred data: the model sees x − x̄ and predicts y − ȳ; PredictAt takes and gives the user's units.
        var spec = HeightWeight(new OptimizerSpec("sgd"));
        var last = Train(spec)[^1];
        var predicted = new TrainingEngine().Prepare(spec).PredictAt(last.Weights, spec.Data!.X);
        Assert.Equal(last.Yhat!.Length, predicted.Length);
        for (var i = 0; i < predicted.Length; i++)
        {
            Assert.Equal(last.Yhat[i], predicted[i], 3);
        }

        var beyond = new TrainingEngine().Prepare(spec).PredictAt(last.Weights, [[150f, 190f]]);
        Assert.True(beyond[1] > beyond[0]);
    }

    [Fact]
    public void A_function_has_nothing_to_predict_at()
    {
        var spec = new TrainingSpec(null, new ModelSpec(ModelKind.Function) { Expression = "(b/2 - 1)^2" }, LossKind.Mse, new OptimizerSpec("sgd"), 0.1, 5, [-10.0]);
        var ex = Assert.Throws<SpecException>(() => new TrainingEngine().Prepare(spec).PredictAt([1f], [[1f]]));
        Assert.Equal("dataset", ex.Field);
    }

    [Fact]
    public void The_graph_of_lecture_002_holds_data_parameters_and_ops_with_their_gradients()
    {
        var spec = HeightWeight(new OptimizerSpec("sgd"));
        var step = new TrainingEngine().Prepare(spec).InspectStep(0, CancellationToken.None);
        var graph = step.Graph;
        var labels = graph.Nodes.Select(n => n.Label).ToList();
        Assert.Contains("x", labels);
        Assert.Contains("y", labels);
        Assert.Contains("ŷ", labels);
        Assert.Equal("loss", graph.Nodes[^1].Label);
        Assert.Equal(step.Loss, graph.Nodes[^1].Value[0]);

        var bias = graph.Nodes.Single(n => n.Label == "bias");
        var weight = graph.Nodes.Single(n => n.Label == "weight");
        Assert.Equal("parameter", bias.Kind);
        Assert.Equal(step.Gradient[0], bias.Grad![0]);
        Assert.Equal(step.Gradient[1], weight.Grad![0]);
        Assert.Null(graph.Nodes.Single(n => n.Label == "x").Grad);
        Assert.Equal("input", graph.Nodes.Single(n => n.Label == "x").Kind);

        // Every edge points back to an earlier node: the page can lay it out in one pass.
        Assert.All(graph.Nodes, n => Assert.All(n.Inputs, i => Assert.True(i < n.Id)));
        Assert.All(graph.Nodes, n => Assert.InRange(n.Value.Length, 1, GraphSnapshot.Sample));
    }
}
