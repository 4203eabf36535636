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

    private static Tensor Constant(int rows, float value)
    {
        var t = new Tensor(rows, 1);
        t.Data.Fill(value);
        return t;
    }
}
