using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Data;

public sealed class PreprocessingTests
{
    private static readonly DataSet HeightWeight = new("heightweight", ["height"], "weight", [[166f, 176f, 171f, 173f, 169f]], [58.7f, 75.7f, 62.1f, 70.4f, 60.1f]);

    [Fact]
    public void Centering_reproduces_lecture_002_and_reports_yhat_on_the_original_scale()
    {
        var spec = new TrainingSpec(HeightWeight, new ModelSpec(ModelKind.Linear), LossKind.Mse, new OptimizerSpec("sgd"), 0.001, 500, [1, 1])
        {
            Preprocess = Preprocess.Center,
        };
        var records = new List<EpochRecord>();
        new TrainingEngine().Prepare(spec).Run(records.Add, CancellationToken.None);

        // The notes: loss 13.3520 at the start; W = 1.820683, B = 0.3675114 after 500 epochs.
        Assert.Equal(13.3520, records[0].Loss, 4);
        Assert.Equal(0.36751, records[^1].Weights[0], 4);
        Assert.Equal(1.82068, records[^1].Weights[1], 4);

        // ŷ back in kilograms: ȳ + B + W·(x − x̄), with x̄ = 171, ȳ = 65.4.
        var (b, w) = (records[^1].Weights[0], records[^1].Weights[1]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(65.4 + b + (w * (HeightWeight.X[0][i] - 171)), records[^1].Yhat![i], 3);
        }
    }

    [Fact]
    public void Standardizing_keeps_class_labels_and_refuses_a_constant_column()
    {
        var scaled = PreparedData.Apply(HeightWeight, Preprocess.Standardize, scaleY: false);
        Assert.Equal(0, scaled.Data.X[0].Average(), 5);
        Assert.Equal(1, Math.Sqrt(scaled.Data.X[0].Average(v => v * v)), 5);
        Assert.Equal(HeightWeight.Y, scaled.Data.Y);

        var constant = new DataSet("c", ["x"], "y", [[2f, 2f, 2f]], [1f, 2f, 3f]);
        var ex = Assert.Throws<SpecException>(() => PreparedData.Apply(constant, Preprocess.Standardize, scaleY: true));
        Assert.Equal("preprocess", ex.Field);
    }
}
