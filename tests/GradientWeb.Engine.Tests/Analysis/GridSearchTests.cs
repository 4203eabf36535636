using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Tests.Training;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Analysis;

public sealed class GridSearchTests
{
    [Fact]
    public void Lecture_004s_grid_search_over_minus_10_to_10_finds_beta_2()
    {
        var spec = new TrainingSpec(null, new ModelSpec(ModelKind.Function) { Expression = "(b/2 - 1)^2" }, LossKind.Mse, new OptimizerSpec("sgd"), 0.01 / 6, 100, [-10]);
        var run = new TrainingEngine().Prepare(spec);

        // Within 0.1% of the way down from L(−10) = 36 to the minimum 0.
        var result = GridSearch.Run(run, [-10f], 0, (-10, 10), null, default, 0.036f, 10_000, CancellationToken.None);

        Assert.True(result.Reached);
        Assert.Equal(2f, result.Best.A);
        Assert.Equal(0f, result.Best.Loss);
        Assert.Equal(2, result.Step); // −10, −8, …, 10: the spacings 10 and 5 miss it
        Assert.Equal(11, result.Evaluations);
    }

    [Fact]
    public void The_grid_steps_as_a_person_would_from_the_whole_domain_down()
    {
        Assert.Equal([10.0, 5, 2, 1, 0.5, 0.2, 0.1], Enumerable.Range(0, 7).Select(k => GridSearch.Step((-10, 10), k)));
        Assert.Equal([-10f, -8, -6, -4, -2, 0, 2, 4, 6, 8, 10], GridSearch.Aligned((-10, 10), 2));
        Assert.Equal([-0.3f, -0.2f, -0.1f, 0f, 0.1f, 0.2f], GridSearch.Aligned((-0.35, 0.25), 0.1));
        Assert.Equal(0.1, GridSearch.Step((0, 0.3), 0)); // 0, 0.1, 0.2, 0.3
        Assert.Equal(1001, GridSearch.Finest((-10, 10), 1025).Length); // step 0.02: 2 is on it
        Assert.Contains(2f, GridSearch.Finest((-10, 10), 1025));
    }

    [Fact]
    public void Two_weights_refine_together_and_count_every_grid_point()
    {
        var spec = new TrainingSpec(null, new ModelSpec(ModelKind.Function) { Expression = "3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10" }, LossKind.Mse, new OptimizerSpec("sgd"), 0.05, 21, [4, 4]);
        var run = new TrainingEngine().Prepare(spec);

        // The minimum is at (−1, 1) with L = 3: on a grid of step 1 over [−5, 5]².
        var result = GridSearch.Run(run, [4f, 4f], 0, (-5, 5), 1, (-5, 5), 3.001f, 100_000, CancellationToken.None);
        Assert.True(result.Reached);
        Assert.Equal((-1f, 1f), (result.Best.A, result.Best.B));
        Assert.Equal((long)result.PointsPerAxis * result.PointsPerAxis, result.Evaluations);
    }

    [Fact]
    public void Lecture_001s_nn_linear_table_from_w_0_0395_b_minus_0_8026()
    {
        // The notes print the nn.Linear + nn.MSELoss weights every 1000 epochs; they do not seed nn.Linear.
        Assert.True(BuiltInDataSets.TryGet("linear30", out var data));
        var spec = new TrainingSpec(data, new ModelSpec(ModelKind.Linear), LossKind.Mse, new OptimizerSpec("sgd"), 0.001, 10_000, [-0.8026, 0.0395]);
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(spec).Run(records.Add, CancellationToken.None);
        (double W, double B)[] printed =
        [
            (0.8888, -0.6379), (0.8851, -0.5616), (0.8827, -0.5141), (0.8813, -0.4846), (0.8804, -0.4662),
            (0.8798, -0.4548), (0.8795, -0.4477), (0.8793, -0.4432), (0.8791, -0.4405), (0.8790, -0.4388),
        ];
        for (var k = 0; k < printed.Length; k++)
        {
            var r = records[(k + 1) * 1000];
            Assert.Equal(printed[k].B, r.Weights[0], 0.00015);
            Assert.Equal(printed[k].W, r.Weights[1], 0.00015);
        }
    }
}
