using GradientWeb.Engine.Data;

namespace GradientWeb.Engine.Training;

/// <summary>
/// What every engine refuses in a spec before building anything, each in the one message the user sees. Cheap (no
/// graph), so a server can run it before its own size caps read the spec's numbers; <see cref="TrainingEngine.Prepare"/>
/// runs it too, so a spec reaching an engine by any other path is refused the same way.
/// </summary>
public static class SpecChecks
{
    /// <summary>Throws <see cref="SpecException"/> naming the first field at fault.</summary>
    public static void Check(TrainingSpec spec)
    {
        if (spec.Epochs < 1)
        {
            throw new SpecException("epochs", $"epochs must be at least 1; got {spec.Epochs}.");
        }

        if (!double.IsFinite(spec.Lr) || spec.Lr <= 0 || !float.IsFinite((float)spec.Lr) || (float)spec.Lr == 0f)
        {
            throw new SpecException("lr", $"lr must be a positive finite float32 number; got {spec.Lr}.");
        }

        if (spec.InitSeed is not null && spec.InitWeights is not null)
        {
            throw new SpecException("init", "Give init.weights or init.seed, not both.");
        }

        if (spec.Model.Type == ModelKind.Function)
        {
            CheckFunction(spec);
            return;
        }

        var rows = spec.Data?.Rows ?? throw new SpecException("dataset", "This model needs a data set.");
        if (rows == 0)
        {
            throw new SpecException("dataset", "The data set has no rows.");
        }

        var trainRows = spec.Validation is { } validation ? TrainRows(validation, rows) : rows;
        if (spec.Batch is { } batch)
        {
            if (batch.Size < 1)
            {
                throw new SpecException("batch.size", $"batch.size must be a whole number of at least 1; got {batch.Size}.");
            }

            if (batch.DropLast && batch.Size > trainRows)
            {
                throw new SpecException("batch.size", $"batch.size {batch.Size} is larger than the {trainRows} training rows, and dropLast drops that one short batch: no step would ever run.");
            }
        }
    }

    // random_split's lengths, each side at least one row.
    private static int TrainRows(ValidationSpec validation, int rows)
    {
        var fraction = validation.Fraction;
        if (!double.IsFinite(fraction) || fraction <= 0 || fraction >= 1)
        {
            throw new SpecException("validation.fraction", $"validation.fraction must be above 0 and below 1, e.g. 0.2; got {fraction}.");
        }

        var (train, held) = RandomSplit.Lengths(rows, fraction);
        return train >= 1 && held >= 1
            ? train
            : throw new SpecException("validation.fraction", $"A fraction of {fraction} of {rows} rows leaves {train} to train on and {held} to validate; each side needs at least one row.");
    }

    // Lectures 002 and 004: an expression has no data, so nothing to preprocess, batch or hold out.
    private static void CheckFunction(TrainingSpec spec)
    {
        if (spec.Model.Expression is null)
        {
            throw new SpecException("model.expression", "A function model needs an expression, e.g. \"(b/2 - 1)^2\".");
        }

        if (spec.Preprocess != Preprocess.None)
        {
            throw new SpecException("preprocess", "A function model has no data to preprocess; leave preprocess out.");
        }

        if (spec.Batch is not null)
        {
            throw new SpecException("batch", "A function model has no data to split into mini-batches; leave batch out.");
        }

        if (spec.Validation is not null)
        {
            throw new SpecException("validation", "A function model has no data to hold out; leave validation out.");
        }
    }
}
