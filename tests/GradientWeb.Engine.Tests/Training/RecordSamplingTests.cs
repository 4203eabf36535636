using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Training;

public sealed class RecordSamplingTests
{
    [Theory]
    [InlineData(10_000, 4_353, 10_000_000)]
    [InlineData(1_500, 91_201, 10_000_000)]
    [InlineData(100_000, 2, 10_000_000)]
    [InlineData(1_000, 2, 100)]
    [InlineData(7, 5, 10)]
    public void The_kept_records_never_hold_more_values_than_the_budget(int epochs, int weights, long budget)
    {
        var every = RecordSampling.Every(epochs, weights, budget);
        Assert.True(every >= 1);
        var kept = Enumerable.Range(0, epochs + 1).Count(e => RecordSampling.Keeps(new EpochRecord(e, 1f, [], null), epochs, every));
        Assert.True((long)kept * weights <= budget, $"{kept} records × {weights} weights > {budget}");
        Assert.True(RecordSampling.Keeps(new EpochRecord(0, 1f, [], null), epochs, every));
        Assert.True(RecordSampling.Keeps(new EpochRecord(epochs, 1f, [], null), epochs, every));
    }

    [Fact]
    public void Every_record_is_kept_under_the_budget_and_none_fit_when_two_do_not()
    {
        Assert.Equal(1, RecordSampling.Every(30, 2, 10_000_000));
        Assert.Equal(0, RecordSampling.Every(30, 6, 11));
    }

    [Fact]
    public void A_diverged_record_is_always_kept()
    {
        Assert.True(RecordSampling.Keeps(new EpochRecord(17, float.PositiveInfinity, [], null), 1000, 21));
        Assert.False(RecordSampling.Keeps(new EpochRecord(17, 3f, [], null), 1000, 21));
    }

    [Fact]
    public void A_thinned_run_stores_y_hat_on_about_as_many_records_as_an_unthinned_one()
    {
        // 20 000 epochs on icecream's 100 rows: ŷ every 41st epoch (500 vectors). Kept every 7th record, ŷ stored on
        // the 41st epochs alone landed only where both strides meet (every 287th: 70 vectors).
        var ice = BuiltInDataSets.TryGet("icecream", out var d) ? d : throw new InvalidOperationException();
        var spec = new TrainingSpec(ice, new ModelSpec(ModelKind.Linear), LossKind.Sse, new OptimizerSpec("sgd"), 0.001, 20_000, [-5, 10]);
        var all = new List<EpochRecord>();
        var thinned = new List<EpochRecord>();
        new TrainingEngine().Prepare(spec).Run(all.Add, CancellationToken.None);
        new TrainingEngine().Prepare(spec with { RecordEvery = 7 }).Run(thinned.Add, CancellationToken.None);

        var (unthinned, sampled) = (all.Count(r => r.Yhat is not null), thinned.Count(r => r.Yhat is not null));
        Assert.InRange(unthinned, 450, YhatSampling.MaxVectors + 1);
        Assert.True(sampled >= unthinned * 0.8, $"the thinned run stored ŷ on {sampled} records, the whole one on {unthinned}");
        Assert.Equal(0, YhatSampling.Stride(20_000, 100, recordEvery: 7) % 7);
    }

    [Fact]
    public void A_thinned_full_batch_run_makes_only_the_records_it_keeps_with_the_same_numbers()
    {
        var ice = BuiltInDataSets.TryGet("icecream", out var d) ? d : throw new InvalidOperationException();
        var spec = new TrainingSpec(ice, new ModelSpec(ModelKind.Linear), LossKind.Sse, new OptimizerSpec("sgd"), 0.001, 1000, [-5, 10]);
        var all = new List<EpochRecord>();
        var thinned = new List<EpochRecord>();
        var whole = new TrainingEngine().Prepare(spec).Run(all.Add, CancellationToken.None);
        var sampled = new TrainingEngine().Prepare(spec with { RecordEvery = 7 }).Run(thinned.Add, CancellationToken.None);

        Assert.Equal(all.Where(r => RecordSampling.Keeps(r, 1000, 7)).Select(r => (r.Epoch, r.Loss)), thinned.Select(r => (r.Epoch, r.Loss)));
        Assert.Equal(whole.FinalWeights, sampled.FinalWeights);
        Assert.Equal(whole.LossGrowing, sampled.LossGrowing);
    }
}
