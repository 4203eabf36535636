using GradientWeb.Server.Storage;
using GradientWeb.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GradientWeb.Server.Tests.Storage;

/// <summary>
/// What SQLite cannot hold as a number: NaN. A NaN training loss comes back as NaN; so must a NaN validation loss or
/// validation metric, which live in optional columns where an empty cell means "this job has no split".
/// </summary>
public sealed class NonFiniteRecordTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task A_nan_validation_loss_and_metric_are_read_back_as_nan_not_as_no_split()
    {
        var client = app.CreateClient();
        var id = await client.StartJobAndWaitAsync("""
            { "dataset": { "name": "icecream" }, "loss": "mse", "lr": 0.0001, "epochs": 3, "init": { "weights": [-5, 10] },
              "validation": { "fraction": 0.2 } }
            """);
        var repository = app.Services.GetRequiredService<JobRepository>();
        var stored = repository.Find(id)!;
        var last = repository.Records(id)[^1];

        // The state a diverging run leaves: its held-out rows' loss and R² have become NaN.
        repository.Save(id, [last with { ValidationLoss = float.NaN, Metrics = last.Metrics! with { Validation = float.NaN } }], stored.State);

        var read = repository.Records(id)[^1];
        Assert.True(read.ValidationLoss is { } loss && float.IsNaN(loss), $"validation loss read back as {read.ValidationLoss?.ToString() ?? "null"}");
        Assert.True(read.Metrics!.Validation is { } metric && float.IsNaN(metric), $"validation metric read back as {read.Metrics.Validation?.ToString() ?? "null"}");
        Assert.Equal(last.Loss, read.Loss);
        Assert.Equal(last.Metrics.Train, read.Metrics.Train);

        // A job without a split still has none.
        var plain = await client.StartJobAndWaitAsync("""{ "dataset": { "name": "icecream" }, "lr": 0.0001, "epochs": 2, "init": { "weights": [-5, 10] } }""");
        Assert.All(repository.Records(plain), r => Assert.Null(r.ValidationLoss));
        Assert.All(repository.Records(plain), r => Assert.Null(r.Metrics!.Validation));
    }
}
