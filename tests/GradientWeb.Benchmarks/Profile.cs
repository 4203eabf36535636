using System.Globalization;
using GradientWeb.Engine.Training;

namespace GradientWeb.Benchmarks;

/// <summary>
/// Where one epoch's time goes (<c>--profile NAME</c>): each node's forward and backward (each run alone many times),
/// the whole step, and what a job's records add (a job of <c>--epochs=N</c>, default 20 000, as ŷ's sampling depends
/// on it). Figures are this thread's CPU time, the least over rounds: on a shared machine wall time mostly measures
/// the other processes.
/// </summary>
internal static partial class Profile
{
    private const int Rounds = 7;

    public static void Print(string name, Func<TrainingSpec> makeSpec, int jobEpochs)
    {
        var run = (TrainingRun)new TrainingEngine().Prepare(makeSpec());
        var nodes = run.Plan.Nodes.Where(n => !n.IsLeaf).ToArray();
        var repeats = Math.Max(2000, 4_000_000 / Math.Max(1, run.Plan.Root.Inputs.Sum(i => i.Length)));
        for (var i = 0; i < 2000; i++)
        {
            run.StepOnce();
        }

        Console.WriteLine($"{name}: ns of CPU per epoch");
        foreach (var node in nodes)
        {
            var forward = Least(() => PerCall(repeats, node.Evaluate));
            var backward = node.RequiresGrad ? Least(() => PerCall(repeats, node.BackwardLocal)) : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {node,-22} forward {forward,9:F1}   backward {backward,9:F1}"));
        }

        var dots = Least(() => PerCall(repeats, run.Plan.AccumulateNarrowWeightGradients));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"narrow weight gradients",-22} (after the backward walk, side by side) {dots,9:F1}"));
        var passes = Least(() => PerCall(repeats, () =>
        {
            run.Plan.Forward();
            run.Plan.Backward();
        }));
        var step = Least(() => PerCall(repeats, () => run.StepOnce()));
        var job = Least(() =>
        {
            var timed = new TrainingEngine().Prepare(makeSpec() with { Epochs = jobEpochs });
            var start = ThreadCpu.Nanoseconds();
            timed.Run(RecordSinks.Discard, CancellationToken.None);
            return (ThreadCpu.Nanoseconds() - start) / (jobEpochs + 1);
        }, rounds: 3);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  forward+backward {passes:F1}   step (zero, passes, optimizer) {step:F1}   job of {jobEpochs} epochs (with records) {job:F1}"));
    }

    private static double PerCall(int repeats, Action call)
    {
        var start = ThreadCpu.Nanoseconds();
        for (var i = 0; i < repeats; i++)
        {
            call();
        }

        return (ThreadCpu.Nanoseconds() - start) / repeats;
    }

    private static double Least(Func<double> measure, int rounds = Rounds) => Enumerable.Range(0, rounds).Min(_ => measure());
}
