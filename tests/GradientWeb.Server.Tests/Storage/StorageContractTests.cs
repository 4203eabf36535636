using System.Text.Json;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Api;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Storage;
using GradientWeb.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GradientWeb.Server.Tests.Storage;

/// <summary>
/// What every storage provider must do, run against each (<see cref="SqliteStorageTests"/>,
/// <see cref="PostgresStorageTests"/>): the same repositories over a real SQLite file and a real PostgreSQL.
/// </summary>
public abstract class StorageContractTests(TestApp app)
{
    private const string Lecture000 = """
        { "dataset": { "name": "icecream" }, "loss": "sse", "lr": 0.001, "epochs": 30, "init": { "weights": [-5, 10] } }
        """;

    private JobRepository Jobs => app.Services.GetRequiredService<JobRepository>();

    private Job NewJob(string body = Lecture000) =>
        app.Services.GetRequiredService<JobBuilder>().Build(TrainRequest.Read(JsonDocument.Parse(body).RootElement));

    protected abstract StorageProvider Expected { get; }

    [Fact]
    public void The_app_runs_on_the_provider_it_was_configured_with_at_the_current_schema_version()
    {
        var database = app.Services.GetRequiredService<Database>();
        Assert.Equal(Expected, database.Provider);
        Assert.True(Jobs.CanRead());
        Assert.Equal(6, Database.SchemaVersion);
    }

    [Fact]
    public void A_stored_job_reads_back_with_its_request_spec_points_and_queued_state()
    {
        var job = NewJob();
        Jobs.Insert([job]);

        var stored = Jobs.Find(job.Id)!;
        Assert.Equal(job.Request.GetRawText(), stored.Request.GetRawText());
        Assert.Equal(["w0", "w1"], stored.ParamNames);
        Assert.Equal(30, stored.EpochsTotal);
        Assert.Equal(JobStatus.Queued, stored.State.Status);
        Assert.Equal(job.CreatedAt, stored.CreatedAt);
        Assert.Equal(job.Spec.Data!.Y, stored.Spec!.Data!.Y);
        Assert.Equal(job.Spec.Data.X[0], stored.Spec.Data.X[0]);
        Assert.Equal(job.Spec.InitWeights, stored.Spec.InitWeights);
        Assert.Null(Jobs.Find("000000000000000000000000"));
    }

    [Fact]
    public void Records_read_back_bit_for_bit_with_NaN_validation_metrics_and_steps_and_a_rewritten_epoch_replaced()
    {
        var job = NewJob();
        Jobs.Insert([job]);
        EpochRecord[] records =
        [
            new(0, 8587.624f, [-5f, 10f], [1.5f, float.PositiveInfinity]) { ValidationLoss = 3.25f, Metrics = new EpochMetrics("accuracy", 0.5f, 0.25f) },
            new(1, float.NaN, [float.MaxValue, -0f], null) { Steps = new BatchSteps([1f, 2f], [[0.1f, 0.2f], [0.3f, 0.4f]]) },
            new(2, float.PositiveInfinity, [1e-30f, 3f], null),
        ];
        var state = job.Snapshot() with { Status = JobStatus.Running, EpochsDone = 2, StartedAt = DateTimeOffset.UnixEpoch };
        Jobs.Save(job.Id, records, state);
        Jobs.Save(job.Id, [new EpochRecord(2, 7f, [4f, 5f], [6f])], state);

        var back = Jobs.Records(job.Id);
        Assert.Equal([0, 1, 2], back.Select(r => r.Epoch));
        Assert.Equal(8587.624f, back[0].Loss);
        Assert.Equal([-5f, 10f], back[0].Weights);
        Assert.Equal([1.5f, float.PositiveInfinity], back[0].Yhat!);
        Assert.Equal(3.25f, back[0].ValidationLoss);
        Assert.Equal(new EpochMetrics("accuracy", 0.5f, 0.25f), back[0].Metrics);
        Assert.True(float.IsNaN(back[1].Loss));
        Assert.Equal([float.MaxValue, -0f], back[1].Weights);
        Assert.True(float.IsNegative(back[1].Weights[1]));
        Assert.Null(back[1].Yhat);
        Assert.Equal([1f, 2f], back[1].Steps!.Losses);
        Assert.Equal([0.3f, 0.4f], back[1].Steps!.Weights[1]);
        Assert.Equal(new EpochRecord(2, 7f, [4f, 5f], [6f]).Weights, back[2].Weights);
        Assert.Equal(7f, back[2].Loss);
        Assert.Equal([1, 2], Jobs.Records(job.Id, from: 1, to: 3).Select(r => r.Epoch));

        var stored = Jobs.Find(job.Id)!.State;
        Assert.Equal(JobStatus.Running, stored.Status);
        Assert.Equal(2, stored.EpochsDone);
        Assert.Equal(DateTimeOffset.UnixEpoch, stored.StartedAt);
    }

    [Fact]
    public void Several_jobs_are_stored_all_or_none()
    {
        var (first, second) = (NewJob(), NewJob());
        Jobs.Insert([first]);
        Assert.ThrowsAny<System.Data.Common.DbException>(() => Jobs.Insert([second, first]));
        Assert.Null(Jobs.Find(second.Id));
        Assert.NotNull(Jobs.Find(first.Id));
    }

    [Fact]
    public void The_list_is_newest_first_paged_and_filtered_by_status()
    {
        var jobs = Enumerable.Range(0, 3).Select(_ => NewJob()).ToList();
        foreach (var job in jobs)
        {
            Jobs.Insert([job]);
            Thread.Sleep(2);
        }

        Jobs.Save(jobs[1].Id, [], jobs[1].Snapshot() with { Status = JobStatus.Cancelled, FinishedAt = DateTimeOffset.UtcNow });
        var mine = jobs.Select(j => j.Id).ToHashSet();
        var newestFirst = Jobs.List(0, 500, null).Where(s => mine.Contains(s.Id)).Select(s => s.Id).ToList();
        Assert.Equal(jobs.Select(j => j.Id).Reverse(), newestFirst);
        Assert.Contains(Jobs.List(0, 500, JobStatus.Cancelled), s => s.Id == jobs[1].Id);
        Assert.DoesNotContain(Jobs.List(0, 500, JobStatus.Queued), s => s.Id == jobs[1].Id);
        Assert.Single(Jobs.List(0, 1, null));
    }

    [Fact]
    public void A_restart_drops_the_history_and_queues_the_job_and_a_delete_takes_its_history_with_it()
    {
        var job = NewJob();
        Jobs.Insert([job]);
        Jobs.Save(job.Id, [new EpochRecord(0, 1f, [1f, 2f], null)], job.Snapshot() with { Status = JobStatus.Failed, Error = "boom", FinishedAt = DateTimeOffset.UtcNow });

        Jobs.ResetForRestart(job.Id);
        var reset = Jobs.Find(job.Id)!.State;
        Assert.Equal(JobStatus.Queued, reset.Status);
        Assert.Null(reset.Error);
        Assert.Null(reset.FinishedAt);
        Assert.Empty(Jobs.Records(job.Id));

        Jobs.Save(job.Id, [new EpochRecord(0, 1f, [1f, 2f], null)], reset);
        Assert.True(Jobs.Delete(job.Id));
        Assert.False(Jobs.Delete(job.Id));
        Assert.Empty(Jobs.Records(job.Id));
    }

    [Fact]
    public void A_sweep_reads_back_with_its_request_and_members_in_order()
    {
        var sweeps = app.Services.GetRequiredService<SweepRepository>();
        var sweep = new StoredSweep(JobIds.NewId(), DateTimeOffset.UtcNow, JsonDocument.Parse("""{ "vary": { "lr": [0.1, 0.2] } }""").RootElement, [new("a", "lr = 0.1"), new("b", "lr = 0.2")]);
        sweeps.Insert(sweep);

        var back = sweeps.Find(sweep.Id)!;
        Assert.Equal(sweep.Members, back.Members);
        Assert.Equal(sweep.Request.GetRawText(), back.Request.GetRawText());
        Assert.Equal(sweep.CreatedAt, back.CreatedAt);
        Assert.Null(sweeps.Find("nope"));
    }

    [Fact]
    public void An_uploaded_data_set_reads_back_whole_lists_without_its_values_and_deletes()
    {
        var sets = app.Services.GetRequiredService<DatasetStore>();
        var table = CsvTable.FromColumns(["x", "y"], [[1f, 2f, 3f], [0.5f, float.Epsilon, -7f]]);
        var before = sets.Count();
        var added = sets.Add("mine", table, DateTimeOffset.UtcNow);

        var back = sets.Find(added.Id)!;
        Assert.Equal("mine", back.Name);
        Assert.Equal(["x", "y"], back.Table.Columns);
        Assert.Equal([0.5f, float.Epsilon, -7f], back.Table.Values[1]);
        Assert.Equal(before + 1, sets.Count());
        var listed = sets.List().Single(s => s.Set.Id == added.Id);
        Assert.Equal(3, listed.Rows);
        Assert.True(sets.Delete(added.Id));
        Assert.Null(sets.Find(added.Id));
    }
}

public sealed class SqliteStorageTests(TestApp app) : StorageContractTests(app), IClassFixture<TestApp>
{
    protected override StorageProvider Expected => StorageProvider.Sqlite;
}

public sealed class PostgresStorageTests(PostgresTestApp app) : StorageContractTests(app), IClassFixture<PostgresTestApp>
{
    protected override StorageProvider Expected => StorageProvider.Postgres;
}
