using GradientWeb.Engine.Training;
using GradientWeb.Engine.TorchSharp;
using GradientWeb.Server.Contracts;

namespace GradientWeb.Server.Engines;

/// <summary>
/// The engines a job can name (<c>engine</c> in the request), behind the one <see cref="ITrainingEngine"/> the rest of
/// the server uses: each spec goes to the engine it names, so the worker, reruns and inspection need not know.
/// </summary>
public sealed class TrainingEngines : ITrainingEngine
{
    public const string Default = "gradientweb";

    public const string LibTorch = "libtorch";

    private readonly TrainingEngine _gradientWeb = new();
    private readonly LibTorchEngine _libTorch = new();

    public static IReadOnlyList<string> Names { get; } = [Default, LibTorch];

    /// <summary>Throws <see cref="LibTorchUnavailableException"/> for a libtorch job where libtorch does not load.</summary>
    public ITrainingRun Prepare(TrainingSpec spec) => spec.Engine == LibTorch ? _libTorch.Prepare(spec) : _gradientWeb.Prepare(spec);

    /// <summary>What <c>GET /engines</c> lists. Asking about libtorch loads it once (a few hundred ms, the first time).</summary>
    public static IReadOnlyList<EngineResponse> Describe()
    {
        var libtorch = LibTorchEngine.Availability;
        return
        [
            new EngineResponse(
                Default,
                $"GradientWeb {typeof(TrainingEngine).Assembly.GetName().Version?.ToString(3)}",
                true,
                null,
                null,
                "Our float32 autograd engine: PyTorch's numbers to the printed digit, every view and option, lecture-sized epochs in microseconds."),
            new EngineResponse(
                LibTorch,
                LibTorchEngine.Version,
                libtorch.Available,
                libtorch.Reason,
                libtorch.Code,
                "PyTorch's own C++ library through TorchSharp: the same jobs on the real thing, mini-batches and validation splits included (the step view is replayed by our engine)."),
        ];
    }
}
