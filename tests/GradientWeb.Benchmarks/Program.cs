using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GradientWeb.Benchmarks;
using GradientWeb.Engine.TorchSharp;
using GradientWeb.Engine.Training;

// Per workload: µs per epoch, median of 9 timed repeats after a warm-up.
//   step: zero → forward → backward → step (what PyTorch's loop does, plus reading the loss); for a mini-batch
//         workload one epoch of it over the DataLoader's batches

//   job:  ITrainingRun.Run, i.e. the worker's whole epoch including the history record it keeps
//   libtorch job: the same on the libtorch engine, where it loads (full-batch workloads; null otherwise)
// Prints one JSON object per line (for compare_pytorch.py) unless --table is given; names given select workloads by prefix;
// --profile prints where each selected workload's epoch goes (Profile.cs); --start the start diagnostics' cost (StartCost.cs);
// --cpu-step the step's CPU time alone (StepCpu.cs), to compare two builds on a loaded machine.
var table = args.Contains("--table");
if (args.Contains("--profile"))
{
    foreach (var (name, makeSpec) in Workloads.All.Where(w => args.Any(a => w.Name.StartsWith(a, StringComparison.Ordinal))))
    {
        var epochs = args.FirstOrDefault(a => a.StartsWith("--epochs=", StringComparison.Ordinal));
        Profile.Print(name, makeSpec, epochs is null ? 20_000 : int.Parse(epochs["--epochs=".Length..], CultureInfo.InvariantCulture));
    }

    return;
}

if (args.Contains("--cpu-step"))
{
    foreach (var (name, makeSpec) in Workloads.All.Where(w => args.Any(a => w.Name.StartsWith(a, StringComparison.Ordinal))))
    {
        StepCpu.Print(name, makeSpec);
    }

    return;
}

if (args.Contains("--start"))
{
    foreach (var (name, makeSpec) in Workloads.All.Where(w => args.Any(a => w.Name.StartsWith(a, StringComparison.Ordinal))))
    {
        StartCost.Print(name, makeSpec);
    }

    return;
}

var only = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
const int Repeats = 9;
foreach (var (name, makeSpec) in Workloads.All.Where(w => only.Length == 0 || only.Any(o => w.Name.StartsWith(o, StringComparison.Ordinal))))
{
    var step = Median(Repeats, () =>
    {
        var run = (TrainingRun)new TrainingEngine().Prepare(makeSpec());
        var epoch = EpochOf(run, makeSpec());
        var epochs = Calibrate(epoch);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < epochs; i++)
        {
            epoch();
        }

        return watch.Elapsed.TotalMicroseconds / epochs;
    });
    var job = Median(Repeats, () =>
    {
        var epochs = Calibrate(EpochOf((TrainingRun)new TrainingEngine().Prepare(makeSpec()), makeSpec()));
        var run = new TrainingEngine().Prepare(makeSpec() with { Epochs = epochs });
        var watch = Stopwatch.StartNew();
        run.Run(RecordSinks.Discard, CancellationToken.None);
        return watch.Elapsed.TotalMicroseconds / (epochs + 1);
    });

    double? libtorch = LibTorchEngine.Availability.Available && makeSpec().Batch is null
        ? Median(Repeats, () => JobMicroseconds(new LibTorchEngine(), makeSpec()))
        : null;

    Console.WriteLine(table
        ? string.Create(CultureInfo.InvariantCulture, $"{name,-42} step {step,8:F2} µs   job {job,8:F2} µs   libtorch job {libtorch,8:F2} µs")
        : JsonSerializer.Serialize(new { workload = name, stepMicroseconds = step, jobMicroseconds = job, libtorchJobMicroseconds = libtorch, libtorchUnavailable = LibTorchEngine.Availability.Reason }));
}

// A whole job's Run per epoch on an engine, its epochs set so the timed run takes ~100 ms after a short warm-up run.
static double JobMicroseconds(ITrainingEngine engine, TrainingSpec spec)
{
    var watch = Stopwatch.StartNew();
    engine.Prepare(spec with { Epochs = 200 }).Run(RecordSinks.Discard, CancellationToken.None);
    var epochs = (int)Math.Clamp(100_000 / Math.Max(1, watch.Elapsed.TotalMicroseconds / 201), 100, 1_000_000);
    var run = engine.Prepare(spec with { Epochs = epochs });
    watch.Restart();
    run.Run(RecordSinks.Discard, CancellationToken.None);
    return watch.Elapsed.TotalMicroseconds / (epochs + 1);
}

static Action EpochOf(TrainingRun run, TrainingSpec spec) => spec.Batch is null ? () => run.StepOnce() : run.EpochOnce;

// Enough epochs for ~100 ms, after warming the JIT up on the same delegate.
static int Calibrate(Action epoch)
{
    var warm = Stopwatch.StartNew();
    for (var i = 0; i < 2000 && warm.ElapsedMilliseconds < 2000; i++)
    {
        epoch();
    }

    var watch = Stopwatch.StartNew();
    var n = 0;
    while (watch.ElapsedMilliseconds < 20)
    {
        epoch();
        n++;
    }

    return Math.Max(100, n * 5);
}

static double Median(int repeats, Func<double> measure)
{
    var samples = Enumerable.Range(0, repeats).Select(_ => measure()).Order().ToArray();
    return samples[repeats / 2];
}
