using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Autograd.Ops;

namespace GradientWeb.Engine.Tests.Autograd;

/// <summary>
/// The blocked, vectorised (and, past <see cref="Kernels.ParallelWork"/>, multi-core) linear layer against the plain
/// one-column-at-a-time loop in the reference BLAS's order it replaced: bit for bit, so PyTorch agreement is unchanged.
/// </summary>
public sealed class LinearKernelTests
{
    [Theory]
    [InlineData(100, 1, 1)]
    [InlineData(37, 3, 5)]
    [InlineData(59, 6, 7)]
    [InlineData(2000, 1, 64)]
    [InlineData(2000, 64, 64)]
    [InlineData(2000, 64, 1)]
    [InlineData(1003, 17, 33)]
    [InlineData(4099, 70, 45)]
    public void A_linear_layer_gives_the_plain_loops_bits_forward_and_backward(int rows, int inputs, int outputs)
    {
        var random = new Random(rows + inputs + outputs);
        var x = Leaf(rows, inputs, random);
        var weight = Leaf(outputs, inputs, random);
        var bias = Leaf(outputs, 1, random);
        var layer = new Linear(x, weight, bias);
        var upstream = new float[rows * outputs];
        for (var i = 0; i < upstream.Length; i++)
        {
            upstream[i] = (float)(random.NextDouble() - 0.5);
        }

        upstream.CopyTo(layer.Grad);
        layer.BackwardLocal();

        var (expected, dx, dw, db) = PlainLoops(x.Data.ToArray(), weight.Data.ToArray(), bias.Data.ToArray(), upstream, rows, inputs, outputs);
        Assert.Equal(expected, layer.Data.ToArray());
        Assert.Equal(dx, x.Grad.ToArray());
        Assert.Equal(dw, weight.Grad.ToArray());
        Assert.Equal(db, bias.Grad.ToArray());
    }

    [Theory]
    [InlineData(2000, new[] { 1, 2, 1 })]
    [InlineData(2003, new[] { 1, 2, 1 })]
    [InlineData(37, new[] { 3, 5, 7, 1 })]
    [InlineData(5, new[] { 2, 3, 1 })]
    public void Narrow_layers_in_one_plan_give_each_weight_the_plain_dot_products_bits(int rows, int[] widths)
    {
        // The plan runs every narrow layer's weight-gradient dot products side by side (eight lanes, across layers
        // and groups): each must still be the one ordered sum the reference BLAS computes.
        var random = new Random(rows);
        var h = Leaf(rows, widths[0], random);
        var layers = new List<Linear>();
        for (var l = 1; l < widths.Length; l++)
        {
            var layer = new Linear(h, Leaf(widths[l], widths[l - 1], random), Leaf(widths[l], 1, random));
            layers.Add(layer);
            h = new Tanh(layer);
        }

        new Plan(new Sum(h)).Backward();

        foreach (var layer in layers)
        {
            var (x, weight) = (layer.Inputs[0], layer.Inputs[1]);
            for (var j = 0; j < layer.Cols; j++)
            {
                for (var k = 0; k < x.Cols; k++)
                {
                    var sum = 0f;
                    for (var i = 0; i < rows; i++)
                    {
                        var product = x.Column(k)[i] * layer.GradColumn(j)[i];
                        sum += product;
                    }

                    Assert.Equal(BitConverter.SingleToInt32Bits(sum), BitConverter.SingleToInt32Bits(weight.Grad[(j * x.Cols) + k]));
                }
            }
        }
    }

    private static Tensor Leaf(int rows, int cols, Random random)
    {
        var t = new Tensor(rows, cols, requiresGrad: true);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return t;
    }

    // The loop Linear had before the blocked kernels: column-major x and out, each product rounded before it is added.
    private static (float[] Out, float[] Dx, float[] Dw, float[] Db) PlainLoops(float[] x, float[] w, float[] b, float[] g, int n, int inputs, int outputs)
    {
        var output = new float[n * outputs];
        var (dx, dw, db) = (new float[n * inputs], new float[outputs * inputs], new float[outputs]);
        for (var j = 0; j < outputs; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var s = b[j];
                for (var k = 0; k < inputs; k++)
                {
                    var product = x[(k * n) + i] * w[(j * inputs) + k];
                    s += product;
                }

                output[(j * n) + i] = s;
            }

            db[j] = Kernels.Sum(g.AsSpan(j * n, n));
            for (var k = 0; k < inputs; k++)
            {
                var sum = 0f;
                for (var i = 0; i < n; i++)
                {
                    var product = x[(k * n) + i] * g[(j * n) + i];
                    sum += product;
                }

                dw[(j * inputs) + k] += sum;
                for (var i = 0; i < n; i++)
                {
                    var product = g[(j * n) + i] * w[(j * inputs) + k];
                    dx[(k * n) + i] += product;
                }
            }
        }

        return (output, dx, dw, db);
    }
}
