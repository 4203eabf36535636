using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Expressions;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Optim;

namespace GradientWeb.Engine.Training;

/// <summary>Our own float32 autograd backend.</summary>
public sealed class TrainingEngine : ITrainingEngine
{
    public ITrainingRun Prepare(TrainingSpec spec)
    {
        SpecChecks.Check(spec);
        if (spec.Model.Type == ModelKind.Function)
        {
            return PrepareFunction(spec);
        }

        var original = spec.Data!;

        // Class labels stay 0/1 under bce; only regression targets are centred or scaled. The whole table is
        // preprocessed before the split, as a notebook standardises its tensor before random_split.
        var prepared = PreparedData.Apply(original, spec.Preprocess, scaleY: spec.Loss != Losses.LossKind.Bce);
        var (data, split) = Split(prepared.Data, spec.Validation);
        var model = BuildModel(spec.Model, data.Features);
        var parameters = model.Parameters();
        Initialise(model, spec);

        var x = Tensor.FromColumns(data.X, "x");
        var y = Tensor.FromColumns([data.Y], "y");
        var yhat = Labelled(model.Forward(x));
        var loss = Losses.LossFunctions.Build(spec.Loss, yhat, y);
        HeldOut? heldOut = null;
        if (split is { } s)
        {
            var held = RandomSplit.Subset(prepared.Data, s.Validation);
            var validationY = Tensor.FromColumns([held.Y], "y");
            var validationYhat = model.Forward(Tensor.FromColumns(held.X, "x"));
            heldOut = new HeldOut(new Plan(Losses.LossFunctions.Build(spec.Loss, validationYhat, validationY)), validationYhat, validationY, s.Train, s.Validation);
        }

        var batches = spec.Batch is { } batch
            ? new MiniBatchLoop(new DataLoaderBatches(data.Rows, batch.Size, batch.Shuffle, batch.DropLast, batch.Seed), data, (bx, by) => new Plan(Losses.LossFunctions.Build(spec.Loss, Labelled(model.Forward(bx)), by)))
            : null;
        var normalized = OptimizerFactory.Normalize(spec.Optimizer);
        var optimizer = OptimizerFactory.Create(normalized, parameters, spec.Lr);
        var leastSquares = spec.Model.Type == ModelKind.Linear && spec.Loss != Losses.LossKind.Bce ? data : null;
        var plan = new Plan(loss);
        var recorder = new EpochRecorder(model, plan, yhat, y, heldOut, spec.Loss, prepared.Y, spec.Epochs, spec.RecordEvery);
        return new TrainingRun(model, plan, recorder, batches, optimizer, spec.Epochs, prepared, leastSquares, spec.Loss, new AnalysisSettings(null, spec.Lr, normalized), spec.RecordEvery);
    }

    // The fraction was checked (SpecChecks): each side has a row.
    private static (DataSet Training, (int[] Train, int[] Validation)? Split) Split(DataSet data, ValidationSpec? validation)
    {
        if (validation is null)
        {
            return (data, null);
        }

        var indices = RandomSplit.Indices(data.Rows, validation.Fraction, validation.Seed);
        return (RandomSplit.Subset(data, indices.Train), indices);
    }

    private static Tensor Labelled(Tensor yhat)
    {
        yhat.Label = "ŷ";
        return yhat;
    }

    // A function to minimise: its value is the loss, its variables the weights; there is no data and no ŷ.
    private static TrainingRun PrepareFunction(TrainingSpec spec)
    {
        FunctionModel model;
        try
        {
            model = new FunctionModel(spec.Model.Expression!);
        }
        catch (ExpressionException ex)
        {
            throw new SpecException("model.expression", ex.Message);
        }

        var parameters = model.Parameters();
        Initialise(model, spec);
        var loss = model.Forward(null);
        loss.Label = "loss";
        var normalized = OptimizerFactory.Normalize(spec.Optimizer);
        var optimizer = OptimizerFactory.Create(normalized, parameters, spec.Lr);
        var plan = new Plan(loss);
        var recorder = new EpochRecorder(model, plan, null, null, null, spec.Loss, ColumnScaling.Identity, spec.Epochs, spec.RecordEvery);
        return new TrainingRun(model, plan, recorder, null, optimizer, spec.Epochs, null, null, spec.Loss, new AnalysisSettings(model.ConstantHessian, spec.Lr, normalized), spec.RecordEvery);
    }

    private static Module BuildModel(ModelSpec model, int features) => model.Type switch
    {
        ModelKind.Linear => new LinearRegression(features),
        ModelKind.Logistic => new LinearRegression(features, t => new Autograd.Ops.Sigmoid(t) { Label = "sigmoid" }),
        ModelKind.Mlp => BuildSequential(model.Layers, features),
        _ => throw new SpecException("model.type", $"Unknown model '{model.Type}'. Known: linear, logistic, mlp."),
    };

    private static Sequential BuildSequential(IReadOnlyList<LayerSpec>? layers, int features)
    {
        if (layers is null || !layers.Any(l => l.Kind == "linear"))
        {
            throw new SpecException("model.layers", "An mlp needs layers with at least one linear layer, e.g. [{\"linear\": 2}, \"relu\", {\"linear\": 1}].");
        }

        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (layer.Kind == "linear" ? layer.Units is < 1 or > 1024 : !LayerSpec.Activations.Contains(layer.Kind))
            {
                throw new SpecException($"model.layers[{i}]", layer.Kind == "linear"
                    ? "A linear layer has 1 to 1024 outputs."
                    : $"Unknown layer '{layer.Kind}'. Known: {{\"linear\": n}}, {string.Join(", ", LayerSpec.Activations)}.");
            }
        }

        var model = new Sequential(features, layers);
        return model.OutputWidth == 1
            ? model
            : throw new SpecException("model.layers", $"The last linear layer must have 1 output (y is one column); it has {model.OutputWidth}.");
    }

    private static void Initialise(Nn.Module model, TrainingSpec spec)
    {
        if (spec.InitSeed is { } seed)
        {
            model.ResetParameters(new Nn.TorchGenerator(seed));
            return;
        }

        InitialWeights(spec.InitWeights, model.ParamNames).CopyTo(model.Parameters().Values);
    }

    private static float[] InitialWeights(IReadOnlyList<double>? weights, IReadOnlyList<string> names)
    {
        if (weights is null)
        {
            return new float[names.Count];
        }

        if (weights.Count != names.Count)
        {
            throw new SpecException("init.weights", $"init.weights has {weights.Count} values; this model has {names.Count} ({string.Join(", ", names)}).");
        }

        var result = new float[names.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)weights[i];
            if (!float.IsFinite(result[i]))
            {
                throw new SpecException($"init.weights[{i}]", "Initial weights must be finite float32 numbers.");
            }
        }

        return result;
    }
}
