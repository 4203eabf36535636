using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Autograd.Ops;

namespace GradientWeb.Engine.Tests.Autograd;

/// <summary>
/// A plan lets an op write its input's gradient, uncleared, only where it is that input's one use (Plan.FirstInputWriters):
/// an input used twice still gets both parts added, and every walk starts its gradients over.
/// </summary>
public sealed class GradientWritingTests
{
    [Fact]
    public void An_output_used_by_two_ops_gets_both_gradients_and_a_second_walk_starts_over()
    {
        var a = new Tensor(3, 1, requiresGrad: true, "a");
        a.Data[0] = 2f;
        a.Data[1] = -1f;
        a.Data[2] = 0.5f;
        var h = new Relu(a * a);
        var root = new BinaryCrossEntropy(new Sigmoid(new Relu(h) + new Sigmoid(h)), Constant(3, 1f));
        var plan = new Plan(root);

        plan.Backward();
        var first = a.Grad.ToArray();
        a.Grad.Clear();
        plan.Backward();
        Assert.Equal(first, a.Grad.ToArray());

        // d/da of bce(σ(relu(h) + σ(h)), 1) with h = a²: each part of h's gradient counts, so it differs from either alone.
        for (var i = 0; i < 3; i++)
        {
            double x = a.Data[i], hv = x * x, s = 1 / (1 + Math.Exp(-hv)), z = hv + s, p = 1 / (1 + Math.Exp(-z));
            var expected = -(1 - p) * (1 + (s * (1 - s))) * 2 * x / 3;
            Assert.Equal(expected, first[i], 5);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(100)]
    public void A_square_passes_grad_times_two_x_whether_it_writes_or_adds(int rows)
    {
        // d = a − c feeds x² alone (its gradient written) and, in the second net, also a sum (added to).
        var random = new Random(rows);
        var (a, c, k) = (Random(rows, random, requiresGrad: true), Random(rows, random), Random(rows, random));
        var d = a - c;
        d.Grad.Fill(float.NaN); // written, not added to: what was there must not show
        new Plan(new Sum(new PowerConstant(d, 2f) * k)).Backward();
        var written = d.Grad.ToArray();
        var e = a - c;
        new Plan(new Sum(new PowerConstant(e, 2f) * k) + new Sum(e)).Backward();
        var added = e.Grad.ToArray();

        for (var i = 0; i < rows; i++)
        {
            var local = k.Data[i] * (d.Data[i] * 2f);
            Assert.Equal(BitConverter.SingleToInt32Bits(0f + local), BitConverter.SingleToInt32Bits(written[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(0f + local + 1f), BitConverter.SingleToInt32Bits(added[i]));
        }
    }

    private static Tensor Random(int rows, Random random, bool requiresGrad = false)
    {
        var t = new Tensor(rows, 1, requiresGrad);
        for (var i = 0; i < rows; i++)
        {
            t.Data[i] = (float)((random.NextDouble() * 8) - 4);
        }

        return t;
    }

    private static Tensor Constant(int rows, float value)
    {
        var t = new Tensor(rows, 1);
        t.Data.Fill(value);
        return t;
    }
}
