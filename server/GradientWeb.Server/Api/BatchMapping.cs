using GradientWeb.Engine.Data;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;

namespace GradientWeb.Server.Api;

/// <summary>
/// <c>batch</c> and <c>validation</c> of a request: checked, their defaults made explicit (the echo), and mapped to
/// the engine's DataLoader and random_split settings.
/// </summary>
internal static class BatchMapping
{
    public static (ValidationSpec? Spec, ValidationRequest? Echo, int TrainRows) Validation(ValidationRequest? request, int rows)
    {
        if (request is null)
        {
            return (null, null, rows);
        }

        var fraction = request.Fraction
            ?? throw new RequestValidationException("validation.fraction", "validation.fraction is required: the share of rows held out, e.g. 0.2.");
        if (!double.IsFinite(fraction) || fraction <= 0 || fraction >= 1)
        {
            throw new RequestValidationException("validation.fraction", $"validation.fraction must be above 0 and below 1, e.g. 0.2; got {fraction}.");
        }

        var (train, held) = RandomSplit.Lengths(rows, fraction);
        if (train < 1 || held < 1)
        {
            throw new RequestValidationException("validation.fraction", $"A fraction of {fraction} of {rows} rows leaves {train} to train on and {held} to validate; each side needs at least one row.");
        }

        var seed = request.Seed ?? 0;
        return (new ValidationSpec(fraction, seed), new ValidationRequest { Fraction = fraction, Seed = seed }, train);
    }

    public static (BatchSpec? Spec, BatchRequest? Echo) Batch(BatchRequest? request, int trainRows)
    {
        if (request is null)
        {
            return (null, null);
        }

        var size = request.Size ?? throw new RequestValidationException("batch.size", "batch.size is required: rows per mini-batch, e.g. 16.");
        if (size < 1)
        {
            throw new RequestValidationException("batch.size", $"batch.size must be a whole number of at least 1; got {size}.");
        }

        var dropLast = request.DropLast ?? false;
        if (dropLast && size > trainRows)
        {
            throw new RequestValidationException("batch.size", $"batch.size {size} is larger than the {trainRows} training rows, and dropLast drops that one short batch: no step would ever run.");
        }

        // DataLoader's own default is shuffle=False; a mini-batch lesson wants a new order each epoch.
        var shuffle = request.Shuffle ?? size < trainRows;
        var seed = request.Seed ?? 0;
        return (new BatchSpec(size, shuffle, seed, dropLast), new BatchRequest { Size = size, Shuffle = shuffle, Seed = seed, DropLast = dropLast });
    }

    /// <summary>A data-less function model takes neither.</summary>
    public static void RefuseForFunction(TrainRequest request)
    {
        if (request.Batch is not null)
        {
            throw new RequestValidationException("batch", "A function model has no data to split into mini-batches; leave batch out.");
        }

        if (request.Validation is not null)
        {
            throw new RequestValidationException("validation", "A function model has no data to hold out; leave validation out.");
        }
    }
}
