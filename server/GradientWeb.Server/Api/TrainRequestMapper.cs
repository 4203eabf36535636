using System.Text.Json;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Optim;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Engines;
using GradientWeb.Server.Setup;

namespace GradientWeb.Server.Api;

/// <summary>Turns a <see cref="TrainRequest"/> into the engine's <see cref="TrainingSpec"/>, with every default made explicit.</summary>
internal static class TrainRequestMapper
{
    private static readonly string[] Models = ["linear", "logistic", "mlp", "function"];

    public const string DefaultLoss = "mse";

    /// <summary>Throws <see cref="RequestValidationException"/> naming the first field at fault.</summary>
    /// <param name="request">The request as sent (or as stored).</param>
    /// <param name="options">The caps to check against.</param>
    /// <param name="uploads">Where uploaded data sets are found by id.</param>
    /// <param name="storedData">The points a stored job trained on: used instead of resolving its dataset again.</param>
    public static (TrainingSpec Spec, TrainRequest Normalized) Map(TrainRequest request, TrainingOptions options, Datasets.DatasetStore? uploads = null, DataSet? storedData = null)
    {
        var engine = OneOf(request.Engine ?? TrainingEngines.Default, [.. TrainingEngines.Names], "engine", "engine");
        var modelType = OneOf(request.Model?.Type ?? "linear", Models, "model.type", "model");
        if (modelType == "function")
        {
            var (functionSpec, functionEcho) = MapFunction(request, options);
            return (functionSpec with { Engine = engine }, functionEcho with { Engine = engine });
        }

        if (request.Model?.Expression is not null)
        {
            throw new RequestValidationException("model.expression", "Only model 'function' has an expression.");
        }

        var (data, datasetEcho) = storedData is not null ? (storedData, request.Dataset!) : ResolveData(request.Dataset, uploads);
        var lossName = OneOf(request.Loss ?? DefaultLoss, ["sse", "mse", "bce"], "loss", "loss");
        var loss = Enum.Parse<LossKind>(lossName, ignoreCase: true);
        var optimizer = OptimizerFactory.Normalize((request.Optimizer ?? new OptimizerRequest()).ToSpec());

        var (lr, epochs) = LrAndEpochs(request, options);

        var layers = modelType == "mlp" ? ReadLayers(request.Model?.Layers) : null;
        if (modelType != "mlp" && request.Model?.Layers is not null)
        {
            throw new RequestValidationException("model.layers", "Only model 'mlp' has layers.");
        }

        if (modelType == "mlp" && request.Init?.Weights is null && request.Init?.Seed is null)
        {
            throw new RequestValidationException("init", "An mlp needs init.seed (PyTorch's init after torch.manual_seed) or init.weights (in paramNames order): all-zero weights would never break the symmetry between hidden units.");
        }

        var preprocess = ReadPreprocess(request.Preprocess);

        if (loss == LossKind.Bce)
        {
            if (modelType == "linear" || (layers is not null && layers[^1].Kind != "sigmoid"))
            {
                throw new RequestValidationException("loss", "bce needs a model whose output is a probability: 'logistic', or an mlp ending in \"sigmoid\".");
            }

            var bad = Array.FindIndex(data.Y, v => v is < 0f or > 1f);
            if (bad >= 0)
            {
                throw new RequestValidationException($"dataset.y[{bad}]", $"bce needs targets in [0, 1]; row {bad} has {data.Y[bad]}.");
            }
        }

        CheckInit(request.Init);
        var (validation, validationEcho, trainRows) = BatchMapping.Validation(request.Validation, data.Rows);
        var (batch, batchEcho) = BatchMapping.Batch(request.Batch, trainRows);
        var spec = new TrainingSpec(data, new ModelSpec(modelType) { Layers = layers }, loss, optimizer, lr, epochs, request.Init?.Weights)
        {
            InitSeed = request.Init?.Seed,
            Preprocess = preprocess,
            Engine = engine,
            Batch = batch,
            Validation = validation,
        };
        var normalized = request with
        {
            Dataset = datasetEcho,
            Model = new ModelRequest { Type = modelType, Layers = request.Model?.Layers },
            Preprocess = preprocess.ToString().ToLowerInvariant(),
            Engine = engine,
            Loss = lossName,
            Optimizer = OptimizerRequest.From(optimizer),
            Lr = lr,
            Epochs = epochs,
            Batch = batchEcho,
            Validation = validationEcho,
        };
        return (spec, normalized);
    }

    // Lectures 002 and 004: minimise an expression; its value is the loss, so there is no data set and no loss to pick.
    private static (TrainingSpec Spec, TrainRequest Normalized) MapFunction(TrainRequest request, TrainingOptions options)
    {
        if (request.Dataset is not null)
        {
            throw new RequestValidationException("dataset", "A function model minimises its expression directly; leave dataset out.");
        }

        if (request.Loss is not null)
        {
            throw new RequestValidationException("loss", "A function model's loss is its expression; leave loss out.");
        }

        BatchMapping.RefuseForFunction(request);

        if (request.Model?.Layers is not null)
        {
            throw new RequestValidationException("model.layers", "Only model 'mlp' has layers.");
        }

        if (request.Preprocess is not null && ReadPreprocess(request.Preprocess) != Preprocess.None)
        {
            throw new RequestValidationException("preprocess", "A function model has no data to preprocess.");
        }

        CheckInit(request.Init);
        var expression = request.Model?.Expression
            ?? throw new RequestValidationException("model.expression", "A function model needs an expression, e.g. \"(b/2 - 1)^2\".");
        var optimizer = OptimizerFactory.Normalize((request.Optimizer ?? new OptimizerRequest()).ToSpec());
        var (lr, epochs) = LrAndEpochs(request, options);
        var spec = new TrainingSpec(null, new ModelSpec("function") { Expression = expression }, LossKind.Mse, optimizer, lr, epochs, request.Init?.Weights)
        {
            InitSeed = request.Init?.Seed,
        };
        var normalized = request with
        {
            Model = new ModelRequest { Type = "function", Expression = expression },
            Optimizer = OptimizerRequest.From(optimizer),
            Lr = lr,
            Epochs = epochs,
        };
        return (spec, normalized);
    }

    private static (double Lr, int Epochs) LrAndEpochs(TrainRequest request, TrainingOptions options)
    {
        var lr = request.Lr ?? throw new RequestValidationException("lr", "lr is required: the learning rate, a positive number such as 0.001.");
        if (!double.IsFinite(lr) || lr <= 0 || !float.IsFinite((float)lr) || (float)lr == 0f)
        {
            throw new RequestValidationException("lr", $"lr must be a positive finite float32 number; got {lr}.");
        }

        var epochs = request.Epochs ?? throw new RequestValidationException("epochs", "epochs is required: how many updates to make.");
        if (epochs < 1 || epochs > options.MaxEpochs)
        {
            throw new RequestValidationException("epochs", $"epochs must be between 1 and {options.MaxEpochs}; got {epochs}.");
        }

        return (lr, epochs);
    }

    private static void CheckInit(InitRequest? init)
    {
        if (init is { Weights: not null, Seed: not null })
        {
            throw new RequestValidationException("init", "Give init.weights or init.seed, not both.");
        }
    }

    private static Preprocess ReadPreprocess(string? value) =>
        Enum.Parse<Preprocess>(OneOf(value ?? "none", ["none", "center", "standardize"], "preprocess", "preprocess"), ignoreCase: true);

    // [{"linear": 2}, "relu", {"linear": 1}, "sigmoid"]
    private static List<LayerSpec> ReadLayers(JsonElement? layers)
    {
        if (layers is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
        {
            throw new RequestValidationException("model.layers", "An mlp needs layers, e.g. [{\"linear\": 2}, \"relu\", {\"linear\": 1}, \"sigmoid\"].");
        }

        var result = new List<LayerSpec>();
        var i = 0;
        foreach (var layer in list.EnumerateArray())
        {
            var field = $"model.layers[{i++}]";
            if (layer.ValueKind == JsonValueKind.String)
            {
                result.Add(new LayerSpec(layer.GetString()!.ToLowerInvariant()));
            }
            else if (layer.ValueKind == JsonValueKind.Object && layer.TryGetProperty("linear", out var units)
                && layer.EnumerateObject().Count() == 1 && units.ValueKind == JsonValueKind.Number && units.TryGetInt32(out var n))
            {
                result.Add(new LayerSpec("linear", n));
            }
            else
            {
                throw new RequestValidationException(field, "A layer is {\"linear\": n} or an activation name (relu, sigmoid, tanh, identity).");
            }
        }

        return result;
    }

    private static string OneOf(string value, string[] known, string field, string what)
    {
        var match = known.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new RequestValidationException(field, $"Unknown {what} '{value}'. Known: {string.Join(", ", known)}.");
    }

    private static (DataSet Data, DatasetRequest Echo) ResolveData(DatasetRequest? dataset, Datasets.DatasetStore? uploads)
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
    private static (DataSet, DatasetRequest) Stored(DatasetRequest dataset, string key, Datasets.DatasetStore? uploads)
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
