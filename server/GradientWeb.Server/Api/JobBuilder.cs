using System.Text.Json;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Setup;
using GradientWeb.Server.Storage;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Api;

/// <summary>
/// Turns a request into a job ready to queue: mapped, size-checked and its graph built, so whatever is wrong is
/// found before anything is stored. Shared by <c>POST /train</c> and <c>POST /sweeps</c>.
/// </summary>
public sealed class JobBuilder(
    ITrainingEngine engine, DatasetStore uploads, IOptions<TrainingOptions> training, IOptions<LimitsOptions> limits, TimeProvider time)
{
    /// <summary>Throws <see cref="RequestValidationException"/> naming the field at fault.</summary>
    public Job Build(TrainRequest request)
    {
        try
        {
            var (spec, normalized) = TrainRequestMapper.Map(request, training.Value, uploads);

            // What any engine refuses, before the size caps compute with the spec's numbers (a zero batch size).
            SpecChecks.Check(spec);
            CheckSize(spec, limits.Value);

            // Building the graph here catches what only the engine knows (the weight count) before anything is
            // stored; the worker then trains this same prepared run.
            var run = engine.Prepare(spec);
            spec = spec with { RecordEvery = RecordEvery(spec.Epochs, run.ParamNames.Count, limits.Value) };
            if (spec.RecordEvery > 1)
            {
                // The run makes only the records its spec keeps (never one to drop): a thinned job is prepared again
                // with its k, once; such a job is large, so its preparing is small beside its training.
                run = engine.Prepare(spec);
            }

            request.View?.Check(run.ParamNames);
            if (spec is { InitWeights: null, InitSeed: null })
            {
                // Echo the implicit zero start, so the request read back reproduces the job by itself.
                var zeros = new double[run.ParamNames.Count];
                normalized = normalized with { Init = new InitRequest { Weights = zeros } };
                spec = spec with { InitWeights = zeros };
            }

            return new Job(JobIds.NewId(), JsonSerializer.SerializeToElement(normalized, JsonDefaults.Options), spec, run, time.GetUtcNow());
        }
        catch (SpecException ex)
        {
            throw new RequestValidationException(ex.Field, ex.Message);
        }
        catch (Engine.TorchSharp.LibTorchUnavailableException ex)
        {
            throw new RequestValidationException("engine", $"The libtorch engine is not available on this server: {ex.Message} Use \"engine\": \"gradientweb\".");
        }
    }

    // Storage is bounded before the job starts: over the cap, records are thinned; a model whose first and last
    // records alone would not fit is refused.
    private static int RecordEvery(int epochs, int weights, LimitsOptions limits)
    {
        var every = RecordSampling.Every(epochs, weights, limits.MaxStoredValues);
        return every > 0 ? every : throw new RequestValidationException("model", $"This model has {weights} weights; keeping its first and last records takes {2L * weights} values, and a job may keep at most {limits.MaxStoredValues} (Limits:MaxStoredValues).");
    }

    // Refused before the graph is built: a model too big for the server must not allocate first and fail after.
    private static void CheckSize(TrainingSpec spec, LimitsOptions limits)
    {
        var rows = spec.Data?.Rows ?? 1;
        var (parameters, valuesPerRow) = ModelSize.Estimate(spec.Model, spec.Data?.Features ?? 0);
        if (parameters > limits.MaxParameters)
        {
            throw new RequestValidationException("model.layers", $"This model has {parameters} weights; the server allows at most {limits.MaxParameters} (Limits:MaxParameters).");
        }

        if (valuesPerRow * rows > limits.MaxGraphValues)
        {
            throw new RequestValidationException("model.layers", $"On {rows} rows this model holds {valuesPerRow * rows} values per forward pass; the server allows at most {limits.MaxGraphValues} (Limits:MaxGraphValues).");
        }

        if ((long)spec.Epochs * rows > limits.MaxEpochRows)
        {
            throw new RequestValidationException("epochs", $"{spec.Epochs} epochs × {rows} rows is more work than one job may ask ({limits.MaxEpochRows}, Limits:MaxEpochRows); use fewer epochs or rows.");
        }

        if (spec.Batch is { } batch)
        {
            // Training rows, less any held out; a size past them is one batch of all of them.
            var trainRows = spec.Validation is { } v ? Engine.Data.RandomSplit.Lengths(rows, v.Fraction).Train : rows;
            var perEpoch = batch.DropLast ? trainRows / batch.Size : (trainRows + batch.Size - 1) / batch.Size;
            if ((long)spec.Epochs * perEpoch > limits.MaxSteps)
            {
                throw new RequestValidationException("batch.size", $"{spec.Epochs} epochs × {perEpoch} mini-batches is more steps than one job may take ({limits.MaxSteps}, Limits:MaxSteps); use larger batches or fewer epochs.");
            }
        }
    }
}
