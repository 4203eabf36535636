using GradientWeb.Engine.Analysis;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Tests.Analysis;

/// <summary>The start diagnostics computed beside a job's training, on a twin of its run: the same bits, and the run untouched.</summary>
public sealed class StartDiagnosisTests
{
    // 2 000 rows × 321 weights: over StartDiagnosis.BesideWork, so a spare core takes its analysis.
    private static TrainingSpec Wide(int epochs = 5) => new(
        BuiltInDataSets.TryGet("dnnex0", out var d) ? d : throw new InvalidOperationException(),
        new ModelSpec(ModelKind.Mlp) { Layers = [new LayerSpec("linear", 16), new LayerSpec("relu"), new LayerSpec("linear", 16), new LayerSpec("relu"), new LayerSpec("linear", 1), new LayerSpec("sigmoid")] },
        LossKind.Bce,
        new OptimizerSpec("sgd"),
        0.01,
        epochs,
        null) { InitSeed = 43052 };

    [Fact]
    public async Task Beside_the_training_the_diagnostics_are_the_runs_own_bit_for_bit_and_the_training_is_unchanged()
    {
        var engine = new TrainingEngine();
        var first = engine.Prepare(Wide());
        var expected = first.Diagnose();
        var trainedAfter = new List<EpochRecord>();
        first.Run(trainedAfter.Add, CancellationToken.None);

        var run = engine.Prepare(Wide());
        var beside = StartDiagnosis.Begin(run, () => engine.Prepare(Wide()), CancellationToken.None, coreSpare: true);
        var trained = new List<EpochRecord>();
        run.Run(trained.Add, CancellationToken.None);
        var actual = await beside;

        Assert.Equal(expected.Gradient, actual.Gradient);
        Assert.Equal(expected.NumericGradient, actual.NumericGradient);
        Assert.Equal(expected.MaxRelativeDifference, actual.MaxRelativeDifference);
        Assert.Equal(expected.TopHessianEigenvalue, actual.TopHessianEigenvalue);
        Assert.Equal(expected.StableLrBound, actual.StableLrBound);
        Assert.Equal(expected.OptimizerBound, actual.OptimizerBound);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.GradientCheckError, actual.GradientCheckError);
        Assert.Equal(expected.GradientNorm, actual.GradientNorm);
        Assert.Equal(expected.CheckedWeights, actual.CheckedWeights);
        Assert.Equal(trainedAfter.Select(r => r.Loss), trained.Select(r => r.Loss));
        Assert.Equal(trainedAfter[^1].Weights, trained[^1].Weights);
    }

    [Fact]
    public void Small_runs_and_a_machine_without_a_spare_core_analyse_first_on_the_run_itself()
    {
        var engine = new TrainingEngine();
        Assert.True(StartDiagnosis.GoesBeside(engine.Prepare(Wide()), coreSpare: true));
        Assert.False(StartDiagnosis.GoesBeside(engine.Prepare(Wide()), coreSpare: false));
        Assert.False(StartDiagnosis.GoesBeside(engine.Prepare(Lecture000Spec()), coreSpare: true));

        var twins = 0;
        var first = StartDiagnosis.Begin(engine.Prepare(Wide()), () => { twins++; return engine.Prepare(Wide()); }, CancellationToken.None, coreSpare: false);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal(0, twins);
    }

    [Fact]
    public async Task A_cancelled_jobs_analysis_beside_it_stops()
    {
        var engine = new TrainingEngine();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var beside = StartDiagnosis.Begin(engine.Prepare(Wide()), () => engine.Prepare(Wide()), cancel.Token, coreSpare: true);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => beside);
    }

    private static TrainingSpec Lecture000Spec() => Training.Lecture000Tests.IceCreamSpec();
}
