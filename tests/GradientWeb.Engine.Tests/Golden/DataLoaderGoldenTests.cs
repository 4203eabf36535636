using GradientWeb.Engine.Data;
using GradientWeb.Tests.Golden;

namespace GradientWeb.Engine.Tests.Golden;

/// <summary>
/// The golden DataLoader cases, bit for bit: every epoch's batches hold the rows torch 1.13's DataLoader gave (in the
/// same order), and random_split keeps the same rows for training and validation, in the same order.
/// </summary>
public sealed class DataLoaderGoldenTests
{
    public static TheoryData<string> LoaderCases() => GoldenCases.Names(c => c.Batch is not null || c.Validation is not null);

    [Fact]
    public void The_golden_file_covers_shuffle_drop_last_batch_one_uneven_batches_and_splits()
    {
        var cases = GoldenCases.All.Where(c => c.Batch is not null).ToList();
        Assert.Contains(cases, c => c.Batch!.Shuffle);
        Assert.Contains(cases, c => !c.Batch!.Shuffle);
        Assert.Contains(cases, c => c.Batch!.DropLast);
        Assert.Contains(cases, c => c.Batch!.Size == 1);
        Assert.Contains(cases, c => !c.Batch!.DropLast && c.Y.Length % c.Batch.Size != 0);
        foreach (var model in new[] { "linear", "logistic", "mlp" })
        {
            Assert.Contains(cases, c => c.Model == model && c.Optimizer.GetProperty("type").GetString() == "adam");
            Assert.Contains(cases, c => c.Model == model && c.Optimizer.TryGetProperty("momentum", out _));
            Assert.Contains(cases, c => c.Model == model && c.Optimizer.GetProperty("type").GetString() == "sgd" && !c.Optimizer.TryGetProperty("momentum", out _));
        }

        Assert.Contains(GoldenCases.All, c => c.Validation is not null && c.Batch is null);
    }

    [Theory]
    [MemberData(nameof(LoaderCases))]
    public void Random_split_keeps_the_rows_torch_keeps(string name)
    {
        var golden = GoldenCases.All.Single(c => c.Name == name);
        if (golden.Validation is not { } validation)
        {
            return;
        }

        var (train, held) = RandomSplit.Indices(golden.Y.Length, validation.Fraction, validation.Seed);
        Assert.Equal(golden.TrainRows, train);
        Assert.Equal(golden.ValidationRows, held);
    }

    [Theory]
    [MemberData(nameof(LoaderCases))]
    public void Every_epoch_batches_the_rows_torch_batches(string name)
    {
        var golden = GoldenCases.All.Single(c => c.Name == name);
        if (golden.Batch is not { } batch)
        {
            return;
        }

        var trainRows = golden.TrainRows ?? [.. Enumerable.Range(0, golden.Y.Length)];
        var loader = new DataLoaderBatches(trainRows.Length, batch.Size, batch.Shuffle, batch.DropLast, batch.Seed);
        Assert.NotEmpty(golden.Batches!);
        foreach (var epoch in golden.Batches!)
        {
            loader.NextEpoch();
            Assert.Equal(epoch.Length, loader.Count);
            for (var b = 0; b < loader.Count; b++)
            {
                var rows = loader.Batch(b).ToArray().Select(i => trainRows[i]).ToArray();
                Assert.Equal(epoch[b], rows);
            }
        }
    }
}
