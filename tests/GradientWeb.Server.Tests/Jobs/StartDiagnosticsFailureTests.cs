using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Engines;
using GradientWeb.Server.Tests.Hubs;
using GradientWeb.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GradientWeb.Server.Tests.Jobs;

/// <summary>
/// A large job's start diagnostics run on a twin of its run (StartDiagnosis): if preparing that twin fails, the job
/// still ends completed, with its whole history, only without diagnostics.
/// </summary>
/// <remarks>Runs alone: the twin is only made while a core is spare, which other test classes' jobs would take.</remarks>
[Collection(SerialCollection.Name)]
public sealed class StartDiagnosticsFailureTests : IDisposable
{
    // 2 000 rows × 4 353 weights: far past StartDiagnosis.BesideWork, so the diagnostics go beside on a twin.
    private const string Wide = """
        { "dataset": { "name": "dnnex0" }, "model": { "type": "mlp", "layers": [{ "linear": 64 }, "relu", { "linear": 64 }, "relu", { "linear": 1 }, "sigmoid"] },
          "loss": "bce", "optimizer": { "type": "adam" }, "lr": 0.01, "epochs": 40, "init": { "seed": 43052 } }
        """;

    private readonly TwinRefusingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_twin_that_cannot_be_prepared_leaves_the_job_completed_without_diagnostics()
    {
        var client = _app.CreateClient();
        var id = await client.StartJobAndWaitAsync(Wide);

        var job = await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        if (Environment.ProcessorCount < 2)
        {
            // No spare core, no twin: the diagnostics run first on the job's own run, and are there.
            Assert.Equal(1, _app.Engine.Prepared);
            Assert.Equal("completed", job.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Object, job.GetProperty("diagnostics").ValueKind);
            return;
        }

        Assert.Equal(2, _app.Engine.Prepared); // the job's own run at POST, then the twin's, which threw
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(40, job.GetProperty("epochsDone").GetInt32());
        Assert.True(!job.TryGetProperty("diagnostics", out var diagnostics) || diagnostics.ValueKind == JsonValueKind.Null, diagnostics.ToString());
        var history = await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history");
        Assert.Equal(41, history.GetProperty("records").GetArrayLength());
    }

    private sealed class TwinRefusingApp : TestApp
    {
        public TwinRefusingEngine Engine { get; private set; } = null!;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<ITrainingEngine>(sp =>
                Engine = new TwinRefusingEngine(sp.GetRequiredService<TrainingEngines>())));
        }
    }

    // The first Prepare of a spec is the job's own; any later one (the twin) throws, as a failing twin would.
    private sealed class TwinRefusingEngine(ITrainingEngine inner) : ITrainingEngine
    {
        private int _prepared;

        public int Prepared => Volatile.Read(ref _prepared);

        public ITrainingRun Prepare(TrainingSpec spec) =>
            Interlocked.Increment(ref _prepared) == 1 ? inner.Prepare(spec) : throw new InvalidOperationException("the twin failed");
    }
}
