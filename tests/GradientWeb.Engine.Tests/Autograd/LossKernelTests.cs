using GradientWeb.Engine.Autograd;
using System.Runtime.Intrinsics;

namespace GradientWeb.Engine.Tests.Autograd;

/// <summary>
/// The vectorised loss passes against the per-element loops PyTorch runs: glibc's logf four lanes at a time gives the
/// C library's own bits, and BCELoss with it gives the formula's bits, so the golden agreement cannot move.
/// </summary>
public sealed class LossKernelTests
{
    [Fact]
    public void Four_and_eight_lanes_of_log_give_the_C_librarys_logf_bit_for_bit_across_the_positive_floats()
    {
        // Every 61st bit pattern from the smallest subnormal to +∞ and NaN: each of the 16 subintervals, every
        // exponent, zero, 1 and the specials the scalar call takes. (Run once over every pattern: no difference.)
        var values = new List<float>();
        for (var bits = 0L; bits <= 0x7fc00000L; bits += 61)
        {
            values.Add(BitConverter.Int32BitsToSingle((int)bits));
        }

        values.AddRange([0f, 1f, float.Epsilon, float.PositiveInfinity, float.NaN, -1f, -0f, 0.5f, 1f - 1e-7f, 1e-7f]);
        values.AddRange(Enumerable.Repeat(2f, 8 - (values.Count % 8)));
        var x = values.ToArray();
        var (four, eight) = (new float[8], new float[8]);
        for (var i = 0; i + 8 <= x.Length; i += 8)
        {
            Kernels.LogOfFour(Vector128.Create(x.AsSpan(i, 4))).CopyTo(four);
            Kernels.LogOfFour(Vector128.Create(x.AsSpan(i + 4, 4))).CopyTo(four, 4);
            Kernels.LogOfEight(Vector256.Create(x.AsSpan(i, 8))).CopyTo(eight);
            for (var lane = 0; lane < 8; lane++)
            {
                var logf = BitConverter.SingleToInt32Bits(MathF.Log(x[i + lane]));
                if (BitConverter.SingleToInt32Bits(four[lane]) != logf || BitConverter.SingleToInt32Bits(eight[lane]) != logf)
                {
                    Assert.Fail($"log({x[i + lane]:R}) = {four[lane]:R} (four lanes), {eight[lane]:R} (eight), logf says {MathF.Log(x[i + lane]):R}");
                }
            }
        }
    }

    [Fact]
    public void The_log_of_one_is_plus_zero_on_the_vector_path_as_glibc_returns_it()
    {
        var logs = Kernels.LogOfFour(Vector128.Create(1f, 0.5f, 2f, 1f));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(logs[0]));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(logs[3]));
        Assert.Equal(MathF.Log(0.5f), logs[1]);
        var eight = Kernels.LogOfEight(Vector256.Create(1f, 0.5f, 2f, 1f, 3f, 1f, 0.25f, 1f));
        Assert.All([0, 3, 5, 7], lane => Assert.Equal(0, BitConverter.SingleToInt32Bits(eight[lane])));
    }

    [Theory]
    [InlineData(2003, false)]
    [InlineData(37, true)]
    public void Binary_cross_entropy_gives_atens_per_element_loss_and_gradient(int rows, bool fractionalTargets)
    {
        var random = new Random(rows);
        var p = new float[rows];
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            // Probabilities across the range, exactly 0 and 1 included (the clamp at −100), and targets 0/1 or anything.
            p[i] = i % 97 == 0 ? 0f : i % 89 == 0 ? 1f : (float)random.NextDouble();
            y[i] = fractionalTargets && i % 3 == 0 ? (float)random.NextDouble() : random.Next(2);
        }

        var loss = new float[rows];
        Kernels.BinaryCrossEntropy(p, y, loss);
        var gradient = Enumerable.Range(0, rows).Select(i => (float)(random.NextDouble() - 0.5)).ToArray();
        var expectedGradient = gradient.ToArray();
        Kernels.AccumulateBinaryCrossEntropyGradient(p, y, 0.25f, 1e-12f, gradient);
        for (var i = 0; i < rows; i++)
        {
            var logP = MathF.Max(MathF.Log(p[i]), -100f);
            var log1P = MathF.Max(MathF.Log(1f - p[i]), -100f);
            var expected = ((y[i] - 1f) * log1P) - (y[i] * logP);
            expectedGradient[i] += (p[i] - y[i]) / MathF.Max((1f - p[i]) * p[i], 1e-12f) * 0.25f;

            // ±0 may differ in sign where a clamped term is ±0 (the sum it goes into is the same); every other value is exact.
            Assert.True(expected == loss[i] && (expected != 0f || y[i] is 0f or 1f || BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(loss[i])), $"row {i}: p {p[i]:R}, y {y[i]:R}: {loss[i]:R}, formula {expected:R}");
            Assert.Equal(BitConverter.SingleToInt32Bits(expectedGradient[i]), BitConverter.SingleToInt32Bits(gradient[i]));
        }
    }

    [Fact]
    public void A_nan_probability_keeps_the_loss_nan_so_the_run_is_seen_to_diverge()
    {
        var loss = new float[8];
        Kernels.BinaryCrossEntropy([float.NaN, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f], [1, 0, 1, 0, 1, 0, 1, 0], loss);
        Assert.True(float.IsNaN(loss[0]));
    }
}
