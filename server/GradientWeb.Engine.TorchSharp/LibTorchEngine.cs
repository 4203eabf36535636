using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Optim;
using GradientWeb.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GradientWeb.Engine.TorchSharp;

/// <summary>
/// The second engine: every job on libtorch (PyTorch's own C++ library) through TorchSharp — torch.nn.Linear,
/// libtorch's autograd and torch.optim — for a student who wants the real library's numbers, and to prove ours agree.
/// </summary>
public sealed class LibTorchEngine : ITrainingEngine
{
    private readonly TrainingEngine _reference = new();

    /// <summary>Whether libtorch loads here and, if not, why (probed once, on first use).</summary>
    public static EngineAvailability Availability => LibTorchAvailability.Current;

    public static string Version => LibTorchAvailability.Version;

    /// <summary>
    /// Checks the spec exactly as our engine does (the same errors, field by field), then builds the job in libtorch.
    /// Throws <see cref="LibTorchUnavailableException"/> where libtorch does not load.
    /// </summary>
    public ITrainingRun Prepare(TrainingSpec spec)
    {
        // Our engine's Prepare is the one validator, so both engines refuse the same specs with the same words; its
        // prepared run also answers what libtorch has no counterpart for (the replayed step's graph, closed form, λmax).
        var reference = _reference.Prepare(spec);

        var availability = Availability;
        if (!availability.Available)
        {
            throw new LibTorchUnavailableException(availability.Reason!);
        }

        var optimizer = OptimizerFactory.Normalize(spec.Optimizer);
        if (spec.Model.Type == ModelKind.Function)
        {
            var function = TorchModel.Build(spec.Model, 0, spec.InitSeed);
            Start(function, spec);
            return new LibTorchRun(reference, function, null, null, null, optimizer, spec.Lr, spec.Epochs, spec.Loss, spec.RecordEvery);
        }

        // As our engine: the whole table preprocessed, then random_split, then a DataLoader over the training rows.
        var prepared = PreparedData.Apply(spec.Data!, spec.Preprocess, scaleY: spec.Loss != LossKind.Bce);
        var rows = TorchRows.Split(prepared.Data, spec.Validation);
        var loader = spec.Batch is { } batch
            ? new DataLoaderBatches(rows.Training.Rows, batch.Size, batch.Shuffle, batch.DropLast, batch.Seed)
            : null;
        var model = TorchModel.Build(spec.Model, prepared.Data.Features, spec.InitSeed);
        Start(model, spec);
        return new LibTorchRun(reference, model, prepared, rows, loader, optimizer, spec.Lr, spec.Epochs, spec.Loss, spec.RecordEvery);
    }

    private static void Start(TorchModel model, TrainingSpec spec)
    {
        if (spec.InitSeed is null && spec.InitWeights is { } weights)
        {
            model.Set([.. weights.Select(w => (float)w)]);
        }
    }

    /// <summary>x as [rows, features] and y as [rows, 1], float32, as <c>torch.tensor(…).reshape(n, -1)</c>.</summary>
    internal static (Tensor X, Tensor Y) Tensors(DataSet data)
    {
        var rows = data.Rows;
        var x = new float[rows * data.Features];
        for (var j = 0; j < data.Features; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                x[(i * data.Features) + j] = data.X[j][i];
            }
        }

        return (torch.tensor(x, [rows, data.Features]), torch.tensor(data.Y, [rows, 1]));
    }
}
