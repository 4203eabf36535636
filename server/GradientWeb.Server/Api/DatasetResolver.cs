using System.Text.Json;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Api;

/// <summary>
/// A request's <c>dataset</c> as points: a built-in set, a stored one by id (uploaded, or a built-in's name with
/// chosen columns), inline numbers or a generator; with the echo the job reports back.
/// </summary>
internal static class DatasetResolver
{
    public static (DataSet Data, DatasetRequest Echo) Resolve(DatasetRequest? dataset, DatasetStore? uploads)
    {
        if (dataset is null)
        {
            throw new RequestValidationException("dataset", "dataset is required: { \"name\": \"icecream\" }, { \"id\": … }, inline { \"x\": [...], \"y\": [...] }, or { \"generate\": \"moons\" }.");
        }

        var forms = new[] { dataset.Name is not null, dataset.Id is not null, dataset.Generate is not null }.Count(f => f);
        if (forms > 1)
        {
            throw new RequestValidationException("dataset", "Give one of name, id or generate.");
        }

        if (dataset.Generate is not null)
        {
            return Generate(dataset);
        }

        if (dataset.N is not null || dataset.Noise is not null || dataset.Weights is not null || dataset.Seed is not null)
        {
            var field = dataset.N is not null ? "n" : dataset.Noise is not null ? "noise" : dataset.Weights is not null ? "weights" : "seed";
            throw new RequestValidationException($"dataset.{field}", $"'{field}' belongs to a generator ({{ \"generate\": \"linear\", … }}).");
        }

        if ((dataset.Name ?? dataset.Id) is { } key)
        {
            return Stored(dataset, key, uploads);
        }

        return (Inline(dataset), dataset);
    }

    private static (DataSet, DatasetRequest) Generate(DatasetRequest dataset)
    {
        if (dataset.X is not null || dataset.Y is not null)
        {
            throw new RequestValidationException("dataset", "A generated data set has no inline x or y.");
        }

        var spec = new GeneratorSpec(dataset.Generate!, dataset.N, dataset.Noise, dataset.Weights, dataset.Seed ?? 0);
        try
        {
            var data = Generators.Generate(spec);
            return (data, dataset with { Generate = dataset.Generate!.ToLowerInvariant(), N = data.Rows, Seed = spec.Seed });
        }
        catch (SpecException ex)
        {
            throw new RequestValidationException(ex.Field, ex.Message);
        }
    }

    // A built-in set by name, or a stored one by id; columns by name (defaults: y last, x the rest but 'underlying').
    private static (DataSet, DatasetRequest) Stored(DatasetRequest dataset, string key, DatasetStore? uploads)
    {
        var field = dataset.Name is not null ? "dataset.name" : "dataset.id";
        var xNames = ColumnNames(dataset.X);
        var yName = dataset.Y switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } y => y.GetString(),
            _ => throw new RequestValidationException("dataset.y", "With a name or id, y is the name of the target column, e.g. \"y\"."),
        };

        if (BuiltInDataSets.TryGet(key, out var builtIn) && xNames is null && yName is null)
        {
            return (builtIn, dataset);
        }

        var table = BuiltInDataSets.Table(key) ?? uploads?.Find(key)?.Table
            ?? throw new RequestValidationException(field, $"Unknown data set '{key}'. Built in: {string.Join(", ", BuiltInDataSets.Names)}; uploaded sets are listed at GET /datasets.");
        try
        {
            var description = builtIn?.Description ?? "Uploaded CSV.";
            var data = DataSet.FromTable(table, key, xNames, yName, description, builtIn?.Source ?? "upload");
            return (data, dataset with { X = JsonSerializer.SerializeToElement(data.XColumns), Y = JsonSerializer.SerializeToElement(data.YColumn) });
        }
        catch (SpecException ex)
        {
            throw new RequestValidationException(ex.Field, ex.Message);
        }
    }

    private static string[]? ColumnNames(JsonElement? x)
    {
        if (x is null)
        {
            return null;
        }

        if (x is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
        {
            throw new RequestValidationException("dataset.x", "With a name or id, x is a list of column names, e.g. [\"x1\", \"x2\"].");
        }

        return [.. list.EnumerateArray().Select((e, k) => e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new RequestValidationException($"dataset.x[{k}]", "A column name is a string."))];
    }

    private static DataSet Inline(DatasetRequest dataset)
    {
        if (dataset.X is not { } x)
        {
            throw new RequestValidationException("dataset.x", "Inline data needs x: a list of numbers, or of rows for several features.");
        }

        if (dataset.Y is not { ValueKind: JsonValueKind.Array } y)
        {
            throw new RequestValidationException("dataset.y", "Inline data needs y: a list of numbers, one target per row of x.");
        }

        var columns = ReadColumns(x);
        if (columns[0].Length != y.GetArrayLength())
        {
            throw new RequestValidationException("dataset.y", $"x has {columns[0].Length} rows but y has {y.GetArrayLength()} values.");
        }

        var target = new float[columns[0].Length];
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = Number(y[i], $"dataset.y[{i}]");
        }

        var names = columns.Length == 1 ? ["x"] : Enumerable.Range(1, columns.Length).Select(j => $"x{j}").ToArray();
        return new DataSet("inline", names, "y", columns, target, "Data sent with the job.");
    }

    // x: [1, 2, 3] is one feature; [[1, 2], [3, 4]] is rows of two features.
    private static float[][] ReadColumns(JsonElement x)
    {
        if (x.ValueKind != JsonValueKind.Array || x.GetArrayLength() == 0)
        {
            throw new RequestValidationException("dataset.x", "x must be a non-empty list of numbers, or of rows for several features.");
        }

        var rows = x.GetArrayLength();
        var first = x[0];
        if (first.ValueKind != JsonValueKind.Array)
        {
            var column = new float[rows];
            for (var i = 0; i < rows; i++)
            {
                column[i] = Number(x[i], $"dataset.x[{i}]");
            }

            return [column];
        }

        var width = first.GetArrayLength();
        if (width == 0)
        {
            throw new RequestValidationException("dataset.x[0]", "A row of x needs at least one feature.");
        }

        var columns = Enumerable.Range(0, width).Select(_ => new float[rows]).ToArray();
        for (var i = 0; i < rows; i++)
        {
            var row = x[i];
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != width)
            {
                throw new RequestValidationException($"dataset.x[{i}]", $"Every row of x must be a list of {width} numbers, like row 0.");
            }

            for (var j = 0; j < width; j++)
            {
                columns[j][i] = Number(row[j], $"dataset.x[{i}][{j}]");
            }
        }

        return columns;
    }

    private static float Number(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d)
            ? Finite(d, field)
            : throw new RequestValidationException(field, $"Expected a number, got {value.ValueKind.ToString().ToLowerInvariant()}.");

    private static float Finite(double value, string field)
    {
        var f = (float)value;
        return float.IsFinite(f) ? f : throw new RequestValidationException(field, $"{value} is not a finite float32 number.");
    }
}
