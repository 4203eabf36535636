using GradientWeb.Engine.Data;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;

namespace GradientWeb.Server.Api;

/// <summary>
/// <c>batch</c> and <c>validation</c> of a request: their defaults made explicit (the echo) and mapped to the engine's
/// DataLoader and random_split settings. Their ranges are the engine's to check (<see cref="SpecChecks"/>), once.
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

        // Only for batch's default shuffle; a fraction out of range is refused by the engine's checks.
        var train = double.IsFinite(fraction) && fraction is > 0 and < 1 ? RandomSplit.Lengths(rows, fraction).Train : rows;
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
        var dropLast = request.DropLast ?? false;

        // DataLoader's own default is shuffle=False; a mini-batch lesson wants a new order each epoch.
        var shuffle = request.Shuffle ?? size < trainRows;
        var seed = request.Seed ?? 0;
        return (new BatchSpec(size, shuffle, seed, dropLast), new BatchRequest { Size = size, Shuffle = shuffle, Seed = seed, DropLast = dropLast });
    }
}
