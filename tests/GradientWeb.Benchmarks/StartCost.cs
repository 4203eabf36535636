using System.Diagnostics;
using System.Globalization;
using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Training;

namespace GradientWeb.Benchmarks;

/// <summary>
/// --start: what a job does before its first epoch (the start diagnostics) against its epochs, with the products free
/// to split over every core and held to one (another run holding the other core), medians of 7.
/// </summary>
internal static class StartCost
{
    public static void Print(string name, Func<TrainingSpec> makeSpec)
    {
        foreach (var others in new[] { 0, 1 })
        {
            var leases = Enumerable.Range(0, others).Select(_ => CoreBudget.Enter()).ToArray();
            try
            {
                var diagnose = Median(() =>
                {
                    var run = new TrainingEngine().Prepare(makeSpec());
                    var watch = Stopwatch.StartNew();
                    run.Diagnose();
                    return watch.Elapsed.TotalMicroseconds;
                });
                var step = Median(() =>
                {
                    var run = (TrainingRun)new TrainingEngine().Prepare(makeSpec());
                    for (var i = 0; i < 20; i++)
                    {
                        run.StepOnce();
                    }

                    var watch = Stopwatch.StartNew();
                    for (var i = 0; i < 100; i++)
                    {
                        run.StepOnce();
                    }

                    return watch.Elapsed.TotalMicroseconds / 100;
                });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42} other runs {others}: diagnose {diagnose,10:F0} µs  step {step,8:F2} µs  (diagnose = {diagnose / step,5:F0} epochs)"));
            }
            finally
            {
                foreach (var lease in leases)
                {
                    lease.Dispose();
                }
            }
        }
    }

    private static double Median(Func<double> measure)
    {
        measure();
        var samples = Enumerable.Range(0, 7).Select(_ => measure()).Order().ToArray();
        return samples[3];
    }
}
