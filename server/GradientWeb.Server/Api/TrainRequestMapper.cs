using System.Text.Json;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Optim;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Engines;
using GradientWeb.Server.Setup;
using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Api;

/// <summary>Turns a <see cref="TrainRequest"/> into the engine's <see cref="TrainingSpec"/>, with every default made explicit.</summary>
internal static class TrainRequestMapper
{
    public const string DefaultLoss = "mse";

    /// <summary>Throws <see cref="RequestValidationException"/> naming the first field at fault.</summary>
    /// <param name="request">The request as sent (or as stored).</param>
    /// <param name="options">The caps to check against.</param>
    /// <param name="uploads">Where uploaded data sets are found by id.</param>
    /// <param name="storedData">The points a stored job trained on: used instead of resolving its dataset again.</param>
    public static (TrainingSpec Spec, TrainRequest Normalized) Map(TrainRequest request, TrainingOptions options, DatasetStore? uploads = null, DataSet? storedData = null)
    {
        var engine = OneOf(request.Engine ?? TrainingEngines.Default, [.. TrainingEngines.Names], "engine", "engine");
        var modelType = ReadModel(request.Model?.Type);
        if (modelType != ModelKind.Mlp && request.Model?.Layers is not null)
        {
            throw new RequestValidationException("model.layers", "Only model 'mlp' has layers.");
        }

        if (modelType == ModelKind.Function)
        {
            var (functionSpec, functionEcho) = MapFunction(request, options);
            return (functionSpec with { Engine = engine }, functionEcho with { Engine = engine });
        }

        if (request.Model?.Expression is not null)
        {
            throw new RequestValidationException("model.expression", "Only model 'function' has an expression.");
        }

        var (data, datasetEcho) = storedData is not null ? (storedData, request.Dataset!) : DatasetResolver.Resolve(request.Dataset, uploads);
        var lossName = OneOf(request.Loss ?? DefaultLoss, ["sse", "mse", "bce"], "loss", "loss");
        var loss = Enum.Parse<LossKind>(lossName, ignoreCase: true);
        var optimizer = Optimizer(request.Optimizer);
        var (lr, epochs) = LrAndEpochs(request, options);
        var layers = modelType == ModelKind.Mlp ? ReadLayers(request.Model?.Layers) : null;
        if (modelType == ModelKind.Mlp && request.Init?.Weights is null && request.Init?.Seed is null)
        {
            throw new RequestValidationException("init", "An mlp needs init.seed (PyTorch's init after torch.manual_seed) or init.weights (in paramNames order): all-zero weights would never break the symmetry between hidden units.");
        }

        var preprocess = ReadPreprocess(request.Preprocess);

        if (loss == LossKind.Bce)
        {
            if (modelType == ModelKind.Linear || (layers is not null && layers[^1].Kind != "sigmoid"))
            {
                throw new RequestValidationException("loss", "bce needs a model whose output is a probability: 'logistic', or an mlp ending in \"sigmoid\".");
            }

            var bad = Array.FindIndex(data.Y, v => v is < 0f or > 1f);
            if (bad >= 0)
            {
                throw new RequestValidationException($"dataset.y[{bad}]", $"bce needs targets in [0, 1]; row {bad} has {data.Y[bad]}.");
            }
        }

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
            Model = new ModelRequest { Type = Name(modelType), Layers = request.Model?.Layers },
            Preprocess = preprocess.ToString().ToLowerInvariant(),
            Engine = engine,
            Loss = lossName,
            Optimizer = optimizer,
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

        // Carried into the spec so the engine refuses them (SpecChecks): an expression has no data to batch or split.
        var (validation, _, _) = BatchMapping.Validation(request.Validation, rows: 0);
        var (batch, _) = BatchMapping.Batch(request.Batch, trainRows: 0);
        var expression = request.Model?.Expression;
        var optimizer = Optimizer(request.Optimizer);
        var (lr, epochs) = LrAndEpochs(request, options);
        var spec = new TrainingSpec(null, new ModelSpec(ModelKind.Function) { Expression = expression }, LossKind.Mse, optimizer, lr, epochs, request.Init?.Weights)
        {
            InitSeed = request.Init?.Seed,
            Preprocess = ReadPreprocess(request.Preprocess),
            Batch = batch,
            Validation = validation,
        };
        var normalized = request with
        {
            Model = new ModelRequest { Type = Name(ModelKind.Function), Expression = expression },
            Optimizer = optimizer,
            Lr = lr,
            Epochs = epochs,
        };
        return (spec, normalized);
    }

    private static (double Lr, int Epochs) LrAndEpochs(TrainRequest request, TrainingOptions options)
    {
        // Their ranges are the engine's to check (SpecChecks), once; this server's cap on epochs is checked here.
        var lr = request.Lr ?? throw new RequestValidationException("lr", "lr is required: the learning rate, a positive number such as 0.001.");

        var epochs = request.Epochs ?? throw new RequestValidationException("epochs", "epochs is required: how many updates to make.");
        if (epochs > options.MaxEpochs)
        {
            throw new RequestValidationException("epochs", $"epochs must be at most {options.MaxEpochs} on this server (Training:MaxEpochs); got {epochs}.");
        }

        return (lr, epochs);
    }

    private static ModelKind ReadModel(string? value) =>
        Enum.Parse<ModelKind>(OneOf(value ?? "linear", [.. Enum.GetValues<ModelKind>().Select(Name)], "model.type", "model"), ignoreCase: true);

    public static string Name(ModelKind kind) => kind.ToString().ToLowerInvariant();

    // The optimizer binds straight to the engine's OptimizerSpec; its options are checked once, in Normalize.
    private static OptimizerSpec Optimizer(OptimizerSpec? optimizer) => OptimizerFactory.Normalize(optimizer ?? new OptimizerSpec());

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

    internal static string OneOf(string value, string[] known, string field, string what)
    {
        var match = known.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new RequestValidationException(field, $"Unknown {what} '{value}'. Known: {string.Join(", ", known)}.");
    }
}
