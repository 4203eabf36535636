using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;
using Xunit;

namespace GradientWeb.Tests.Golden;

/// <summary>Lecture 000 (02wk-1) §5A: ice-americano data, SSE, plain SGD, α = 0.001, W = [−5, 10], and the 30-epoch table the notes print.</summary>
public static class Lecture000
{
    // The notes' table: loss before each update (2 decimals) and W after it (4 decimals).
    private static readonly (double Loss, double W0, double W1)[] PrintedTable =
    [
        (8587.62, -3.6578, 8.8111), (5675.18, -2.5548, 7.8612), (3755.63, -1.6492, 7.1016), (2489.58, -0.9061, 6.4935),
        (1654.04, -0.2967, 6.0063), (1102.33, 0.2028, 5.6156), (737.85, 0.6119, 5.3020), (496.97, 0.9469, 5.0501),
        (337.72, 1.2211, 4.8477), (232.40, 1.4453, 4.6848), (162.73, 1.6288, 4.5537), (116.64, 1.7787, 4.4481),
        (86.13, 1.9013, 4.3629), (65.94, 2.0014, 4.2942), (52.57, 2.0832, 4.2388), (43.72, 2.1500, 4.1941),
        (37.86, 2.2045, 4.1579), (33.98, 2.2490, 4.1287), (31.41, 2.2853, 4.1051), (29.70, 2.3150, 4.0860),
        (28.58, 2.3391, 4.0705), (27.83, 2.3589, 4.0580), (27.33, 2.3749, 4.0479), (27.01, 2.3881, 4.0396),
        (26.79, 2.3988, 4.0330), (26.65, 2.4075, 4.0276), (26.55, 2.4146, 4.0232), (26.49, 2.4204, 4.0197),
        (26.45, 2.4251, 4.0168), (26.42, 2.4289, 4.0145),
    ];

    public static TrainingSpec Spec(double lr = 0.001, int epochs = 30)
    {
        Assert.True(BuiltInDataSets.TryGet("icecream", out var data));
        return new TrainingSpec(data, new ModelSpec(ModelKind.Linear), LossKind.Sse, new OptimizerSpec("sgd"), lr, epochs, [-5, 10]);
    }

    /// <summary>Asserts a 30-epoch run of <see cref="Spec"/> prints the notes' table, digit for digit.</summary>
    public static void AssertPrintedTable(IReadOnlyList<EpochRecord> records)
    {
        Assert.Equal(31, records.Count);
        Assert.Equal(8587.6240, records[0].Loss, 3);
        Assert.Equal([-5f, 10f], records[0].Weights);
        for (var k = 0; k < PrintedTable.Length; k++)
        {
            var (loss, w0, w1) = PrintedTable[k];
            Assert.Equal(k, records[k].Epoch);
            Assert.Equal(loss, Math.Round(records[k].Loss, 2), 2);
            Assert.Equal(w0, Math.Round(records[k + 1].Weights[0], 4), 4);
            Assert.Equal(w1, Math.Round(records[k + 1].Weights[1], 4), 4);
        }
    }
}
