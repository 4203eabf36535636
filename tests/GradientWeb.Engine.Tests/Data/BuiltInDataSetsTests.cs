using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Data;

public sealed class BuiltInDataSetsTests
{
    [Theory]
    [InlineData("icecream", 100, new[] { "temp" }, "sales", false)]
    [InlineData("icecream-full", 100, new[] { "x" }, "y", false)]
    [InlineData("linear30", 30, new[] { "x" }, "y", false)]
    [InlineData("heightweight", 5, new[] { "height" }, "weight", false)]
    [InlineData("logistic", 2000, new[] { "x" }, "y", true)]
    [InlineData("dnnex0", 2000, new[] { "x" }, "y", true)]
    [InlineData("dnnex1", 2000, new[] { "x" }, "y", true)]
    [InlineData("dnnex2", 2000, new[] { "x" }, "y", true)]
    [InlineData("dnnex3", 2000, new[] { "x1", "x2" }, "y", false)]
    public void Every_lecture_set_is_built_in_with_its_columns_and_source(string name, int rows, string[] x, string y, bool underlying)
    {
        Assert.True(BuiltInDataSets.TryGet(name, out var data));
        Assert.Equal(rows, data.Rows);
        Assert.Equal(x, data.XColumns);
        Assert.Equal(y, data.YColumn);
        Assert.Equal(underlying, data.Underlying is not null);
        Assert.False(string.IsNullOrWhiteSpace(data.Description));
        Assert.False(string.IsNullOrWhiteSpace(data.Source));
    }

    [Fact]
    public void Icecream_full_starts_at_the_full_precision_loss()
    {
        Assert.True(BuiltInDataSets.TryGet("icecream-full", out var data));
        var spec = new TrainingSpec(data, new ModelSpec(ModelKind.Linear), LossKind.Sse, new OptimizerSpec("sgd"), 0.001, 1, [-5, 10]);
        EpochRecord? first = null;
        new TrainingEngine().Prepare(spec).Run(r => first ??= r, CancellationToken.None);
        Assert.Equal(8587.6875, first!.Loss, 3);
    }

    [Fact]
    public void Linear30_reproduces_lecture_001s_optim_sgd_table()
    {
        // Epoch 1000: Weight 0.864, Bias -0.138, Cost 1.393; epoch 10000: 0.879, -0.432, 1.372 (cost printed before the step).
        Assert.True(BuiltInDataSets.TryGet("linear30", out var data));
        var spec = new TrainingSpec(data, new ModelSpec(ModelKind.Linear), LossKind.Mse, new OptimizerSpec("sgd"), 0.001, 10_000, null);
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(spec).Run(records.Add, CancellationToken.None);
        Assert.Equal((-0.138, 0.864, 1.393), (Math.Round(records[1000].Weights[0], 3), Math.Round(records[1000].Weights[1], 3), Math.Round(records[999].Loss, 3)));
        Assert.Equal((-0.432, 0.879, 1.372), (Math.Round(records[10_000].Weights[0], 3), Math.Round(records[10_000].Weights[1], 3), Math.Round(records[9_999].Loss, 3)));
    }

    [Fact]
    public void Heightweight_centred_reproduces_lecture_002s_history()
    {
        // W = B = 1, lr 0.001, MSE, 500 epochs on centred data: loss 13.3520 → …, W = 1.820683, B = 0.3675114.
        Assert.True(BuiltInDataSets.TryGet("heightweight", out var data));
        var spec = new TrainingSpec(data, new ModelSpec(ModelKind.Linear), LossKind.Mse, new OptimizerSpec("sgd"), 0.001, 500, [1, 1]) { Preprocess = Preprocess.Center };
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(spec).Run(records.Add, CancellationToken.None);
        Assert.Equal(13.3520, records[0].Loss, 4);
        Assert.Equal(1.82068, records[500].Weights[1], 4);
        Assert.Equal(0.36751, records[500].Weights[0], 4);
        Assert.Equal(4.6796, records[490].Loss, 3); // the notes' last printed line (every 10 epochs)
    }

    [Fact]
    public void The_shipped_logistic_draw_never_changes()
    {
        Assert.True(BuiltInDataSets.TryGet("logistic", out var data));
        Assert.Equal(795, data.Y.Count(v => v == 1f)); // mean 0.3975, from torch.manual_seed(43052)
        Assert.Equal(-1f, data.X[0][0]);
        Assert.Equal(1f, data.X[0][^1]);
    }
}
