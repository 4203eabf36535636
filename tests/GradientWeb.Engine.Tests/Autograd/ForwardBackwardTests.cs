using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Autograd.Ops;

namespace GradientWeb.Engine.Tests.Autograd;

/// <summary>
/// <see cref="Plan.ForwardBackward"/> computes a BCE loss inside the narrow weight gradients' loop: the loss and every
/// gradient must be the bits of <see cref="Plan.Forward"/> then <see cref="Plan.Backward"/>, for one to fifteen dots
/// (the four-lane and eight-lane loops), with rows past the last eight, and with a y that is neither 0 nor 1.
/// </summary>
public sealed class ForwardBackwardTests
{
    [Theory]
    [InlineData(2000, new[] { 1, 1 }, false)]
    [InlineData(2000, new[] { 1, 2, 1 }, false)]
    [InlineData(2003, new[] { 1, 2, 1 }, true)]
    [InlineData(5, new[] { 1, 2, 1 }, false)]
    [InlineData(1001, new[] { 1, 3, 1 }, true)]
    [InlineData(517, new[] { 2, 5, 1 }, false)]
    public void The_loss_and_gradients_are_those_of_forward_then_backward(int rows, int[] widths, bool softTarget)
    {
        var (separate, separateLeaves) = Net(rows, widths, softTarget);
        var (fused, fusedLeaves) = Net(rows, widths, softTarget);

        // The ops evaluated as they were built: move the weights, so a row the step skips keeps a stale value.
        foreach (var leaf in separateLeaves.Concat(fusedLeaves))
        {
            Kernels.Add(leaf.Data, 0.25f, leaf.Data);
        }

        separate.Forward();
        separate.Backward();
        fused.ForwardBackward();

        Assert.Equal(Bits(separate.Root.Data), Bits(fused.Root.Data));
        Assert.True(float.IsFinite(fused.Root.Data[0]) && fused.Root.Data[0] > 0);
        for (var l = 0; l < separateLeaves.Count; l++)
        {
            Assert.Equal(Bits(separateLeaves[l].Grad), Bits(fusedLeaves[l].Grad));
        }
    }

    [Fact]
    public void A_second_step_after_the_weights_move_gives_the_new_loss()
    {
        var (plan, leaves) = Net(2000, [1, 2, 1], softTarget: false);
        plan.ForwardBackward();
        var before = plan.Root.Data[0];
        leaves[0].Data[0] += 0.5f;
        plan.ForwardBackward();
        var after = plan.Root.Data[0];
        plan.Forward();

        Assert.NotEqual(before, after);
        Assert.Equal(BitConverter.SingleToInt32Bits(plan.Root.Data[0]), BitConverter.SingleToInt32Bits(after));
    }

    // Linear → tanh → … → linear → sigmoid → BCE against targets 0 and 1 (one 0.3 where soft), from a fixed seed.
    private static (Plan Plan, List<Tensor> Leaves) Net(int rows, int[] widths, bool softTarget)
    {
        var random = new Random(rows * 31 + widths.Length);
        var h = Leaf(rows, widths[0], random, requiresGrad: false);
        var leaves = new List<Tensor>();
        for (var l = 1; l < widths.Length; l++)
        {
            var (weight, bias) = (Leaf(widths[l], widths[l - 1], random), Leaf(widths[l], 1, random));
            leaves.Add(weight);
            leaves.Add(bias);
            var layer = new Linear(h, weight, bias);
            h = l == widths.Length - 1 ? new Sigmoid(layer) : new Tanh(layer);
        }

        var y = new Tensor(rows, 1);
        for (var i = 0; i < rows; i++)
        {
            y.Data[i] = random.Next(2);
        }

        if (softTarget)
        {
            y.Data[rows / 2] = 0.3f;
        }

        return (new Plan(new BinaryCrossEntropy(h, y)), leaves);
    }

    private static Tensor Leaf(int rows, int cols, Random random, bool requiresGrad = true)
    {
        var t = new Tensor(rows, cols, requiresGrad);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return t;
    }

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        }

        return bits;
    }
}
