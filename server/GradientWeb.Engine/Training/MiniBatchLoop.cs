using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Optim;

namespace GradientWeb.Engine.Training;

/// <summary>
/// The lectures' inner loop, <c>for xb, yb in loader: opt.zero_grad(); loss = loss_fn(model(xb), yb);
/// loss.backward(); opt.step()</c>. One plan per batch size (the full size and, when the rows do not divide and
/// the last batch is kept, the remainder), each with its own x and y leaves that every batch's rows are copied
/// into: an epoch allocates nothing.
/// </summary>
internal sealed class MiniBatchLoop
{
    private readonly DataLoaderBatches _batches;
    private readonly float[][] _x;
    private readonly float[] _y;
    private readonly BatchPlan _full;
    private readonly BatchPlan _last;

    public MiniBatchLoop(DataLoaderBatches batches, DataSet training, Func<Tensor, Tensor, Plan> build)
    {
        _batches = batches;
        _x = training.X;
        _y = training.Y;
        _full = BatchPlan.Create(batches.BatchSize, training.Features, build);
        _last = batches.LastSize == batches.BatchSize ? _full : BatchPlan.Create(batches.LastSize, training.Features, build);
    }

    public int StepsPerEpoch => _batches.Count;

    /// <summary>Draws the epoch's order from the loader's generator.</summary>
    public void BeginEpoch() => _batches.NextEpoch();

    /// <summary>Copies batch <paramref name="b"/>'s rows into its plan's leaves and returns that plan.</summary>
    public Plan Load(int b)
    {
        var rows = _batches.Batch(b);
        var target = rows.Length == _full.Size ? _full : _last;
        for (var j = 0; j < _x.Length; j++)
        {
            Gather(_x[j], rows, target.X.Column(j));
        }

        Gather(_y, rows, target.Y.Column(0));
        return target.Plan;
    }

    /// <summary>
    /// One epoch of steps. When <paramref name="losses"/> is not empty, step i's batch loss goes to losses[i] and θ
    /// after it to weights[i].
    /// </summary>
    public void RunEpoch(Optimizer optimizer, ParameterVector parameters, Span<float> losses, float[][]? weights)
    {
        BeginEpoch();
        for (var b = 0; b < _batches.Count; b++)
        {
            var plan = Load(b);
            optimizer.ZeroGrad();
            plan.Forward();
            if (!losses.IsEmpty)
            {
                losses[b] = plan.Root.Data[0];
            }

            plan.Backward();
            optimizer.Step();
            if (weights is not null)
            {
                parameters.Values.CopyTo(weights[b]);
            }
        }
    }

    private static void Gather(float[] source, ReadOnlySpan<int> rows, Span<float> into)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            into[i] = source[rows[i]];
        }
    }

    private sealed record BatchPlan(int Size, Tensor X, Tensor Y, Plan Plan)
    {
        public static BatchPlan Create(int size, int features, Func<Tensor, Tensor, Plan> build)
        {
            var x = new Tensor(size, features, requiresGrad: false, "x");
            var y = new Tensor(size, 1, requiresGrad: false, "y");
            return new BatchPlan(size, x, y, build(x, y));
        }
    }
}
