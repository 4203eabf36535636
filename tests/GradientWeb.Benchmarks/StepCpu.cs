using System.Globalization;
using GradientWeb.Engine.Training;

namespace GradientWeb.Benchmarks;

/// <summary>
/// --cpu-step NAME: the step's CPU time on this thread, the least of 9 rounds after a warm-up, on a fresh run and
/// nothing else in the process: on a loaded shared machine two builds run alternately this way differ by a few % where
/// wall time moves by 2×. A product split over cores counts only this thread's share.
/// </summary>
internal static class StepCpu
{
    public static void Print(string name, Func<TrainingSpec> makeSpec)
    {
        var run = (TrainingRun)new TrainingEngine().Prepare(makeSpec());
        var steps = Math.Max(20, (int)(200_000_000 / Math.Max(1L, run.AnalysisWork)));
        for (var i = 0; i < steps; i++)
        {
            run.StepOnce();
        }

        var best = double.MaxValue;
        for (var round = 0; round < 9; round++)
        {
            var start = ThreadCpu.Nanoseconds();
            for (var i = 0; i < steps; i++)
            {
                run.StepOnce();
            }

            best = Math.Min(best, (ThreadCpu.Nanoseconds() - start) / steps);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42} step {best / 1000,9:F2} µs of this thread's CPU ({steps} steps a round)"));
    }
}
