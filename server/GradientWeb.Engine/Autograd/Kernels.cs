using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GradientWeb.Engine.Autograd;

/// <summary>
/// The vector arithmetic of every op. The only file that calls <see cref="TensorPrimitives"/>, so a faster
/// or different backend changes one file. Loops that TensorPrimitives has no primitive for live here too; the
/// linear layer's blocked matrix kernels are the other part of this class, in Kernels.Linear.cs. The hand-written
/// elementwise passes take sixteen lanes at a time where the CPU runs them natively, then eight: each lane's
/// operations are the same either way, so the width never changes a bit.
/// </summary>
internal static partial class Kernels
{
    public static void Fill(Span<float> dest, float value) => dest.Fill(value);

    public static void Copy(ReadOnlySpan<float> src, Span<float> dest) => src.CopyTo(dest);

    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dest) => TensorPrimitives.Add(x, y, dest);

    public static void Add(ReadOnlySpan<float> x, float y, Span<float> dest) => TensorPrimitives.Add(x, y, dest);

    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dest) => TensorPrimitives.Subtract(x, y, dest);

    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dest) => TensorPrimitives.Multiply(x, y, dest);

    public static void Multiply(ReadOnlySpan<float> x, float y, Span<float> dest) => TensorPrimitives.Multiply(x, y, dest);

    public static void Divide(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dest) => TensorPrimitives.Divide(x, y, dest);

    public static void Negate(ReadOnlySpan<float> x, Span<float> dest) => TensorPrimitives.Negate(x, dest);

    /// <summary>dest = x * y + addend, rounded twice like PyTorch's separate mul and add.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, float y, ReadOnlySpan<float> addend, Span<float> dest) =>
        TensorPrimitives.MultiplyAdd(x, y, addend, dest);

    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> addend, Span<float> dest) =>
        TensorPrimitives.MultiplyAdd(x, y, addend, dest);

    /// <summary>
    /// torch.sum's exact order (ATen's cascade_sum at its default AVX2 capability): 8-lane vectors summed in four
    /// interleaved rows with cascading levels, then the scalar tail, then the lanes in order. Matching the order
    /// makes our losses equal PyTorch's to the last bit, e.g. lecture 000's 8587.6240 rather than 8587.625.
    /// </summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        const int lanes = 8;
        if (x.Length < lanes)
        {
            // ATen's scalar path: the same cascade with one value per element, carried here in lane 0.
            Span<Vector256<float>> scalars = stackalloc Vector256<float>[x.Length];
            for (var i = 0; i < x.Length; i++)
            {
                scalars[i] = Vector256.CreateScalar(x[i]);
            }

            return CascadeRowSum(scalars).GetElement(0);
        }

        var vectors = x.Length / lanes;
        var lanesSum = CascadeRowSum(MemoryMarshal.Cast<float, Vector256<float>>(x[..(vectors * lanes)]));
        var total = 0f;
        for (var k = vectors * lanes; k < x.Length; k++)
        {
            total += x[k];
        }

        for (var lane = 0; lane < lanes; lane++)
        {
            total += lanesSum.GetElement(lane);
        }

        return total;
    }

    // ATen's row_sum: the elements seen as rows of four (ilp_factor), summed by multi_row_sum, then folded.
    private static Vector256<float> CascadeRowSum(ReadOnlySpan<Vector256<float>> x)
    {
        const int ilp = 4;
        const int levels = 4;
        var rows = x.Length / ilp;
        if (rows < 16)
        {
            return ShortRowSum(x, rows);
        }

        var levelPower = Math.Max(4, (int)Math.Ceiling(Math.Log2(Math.Max(rows, 1))) / levels);
        var levelStep = 1 << levelPower;
        var levelMask = levelStep - 1;
        Span<Vector256<float>> acc = stackalloc Vector256<float>[levels * ilp];
        acc.Clear();
        var i = 0;
        while (i + levelStep <= rows)
        {
            // Level 0 over one step of rows, in registers: it is zero here (the fold below empties it each time).
            (acc[0], acc[1], acc[2], acc[3]) = RowSums(x, i, i + levelStep, default, default, default, default);
            i += levelStep;
            for (var j = 1; j < levels; j++)
            {
                for (var k = 0; k < ilp; k++)
                {
                    acc[(j * ilp) + k] += acc[((j - 1) * ilp) + k];
                    acc[((j - 1) * ilp) + k] = Vector256<float>.Zero;
                }

                if ((i & (levelMask << (j * levelPower))) != 0)
                {
                    break;
                }
            }
        }

        (acc[0], acc[1], acc[2], acc[3]) = RowSums(x, i, rows, acc[0], acc[1], acc[2], acc[3]);
        for (var j = 1; j < levels; j++)
        {
            for (var k = 0; k < ilp; k++)
            {
                acc[k] += acc[(j * ilp) + k];
            }
        }

        for (var k = rows * ilp; k < x.Length; k++)
        {
            acc[0] += x[k];
        }

        return acc[0] + acc[1] + acc[2] + acc[3];
    }

    // Fewer rows than one cascade level (16): the four row sums alone, in registers (the level folds would add only
    // +0 vectors, which change nothing), e.g. lecture 000's 100-row loss and bias gradient every epoch.
    private static Vector256<float> ShortRowSum(ReadOnlySpan<Vector256<float>> x, int rows)
    {
        var (a0, a1, a2, a3) = RowSums(x, 0, rows, default, default, default, default);
        for (var k = rows * 4; k < x.Length; k++)
        {
            a0 += x[k];
        }

        return a0 + a1 + a2 + a3;
    }

    // a_k += x[4i + k] for the rows [from, to) of four vectors: ATen's multi_row_sum at one level.
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) RowSums(
        ReadOnlySpan<Vector256<float>> x, int from, int to, Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3)
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        for (var i = from; i < to; i++)
        {
            ref var row = ref Unsafe.Add(ref x0, 4 * i);
            a0 += row;
            a1 += Unsafe.Add(ref row, 1);
            a2 += Unsafe.Add(ref row, 2);
            a3 += Unsafe.Add(ref row, 3);
        }

        return (a0, a1, a2, a3);
    }

    public static void Log(ReadOnlySpan<float> x, Span<float> dest) => TensorPrimitives.Log(x, dest);

    public static void Sqrt(ReadOnlySpan<float> x, Span<float> dest) => TensorPrimitives.Sqrt(x, dest);

    public static void Abs(ReadOnlySpan<float> x, Span<float> dest) => TensorPrimitives.Abs(x, dest);

    public static void Tanh(ReadOnlySpan<float> x, Span<float> dest) => TensorPrimitives.Tanh(x, dest);

    public static void Sin(ReadOnlySpan<float> x, Span<float> dest) => TensorPrimitives.Sin(x, dest);

    public static void Cos(ReadOnlySpan<float> x, Span<float> dest) => TensorPrimitives.Cos(x, dest);

    /// <summary>
    /// dest = relu(x) as ATen computes it (clamp_min(x, 0): x &lt; 0 ? 0 : x, <c>_mm256_max_ps(0, x)</c> in its vector
    /// path), so NaN and −0 pass through as in PyTorch; eight lanes at a time.
    /// </summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> dest)
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var d0 = ref MemoryMarshal.GetReference(dest);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= dest.Length; i += 16)
            {
                var w = Vector512.LoadUnsafe(ref x0, (nuint)i);
                Vector512.ConditionalSelect(Vector512.LessThan(w, Vector512<float>.Zero), Vector512<float>.Zero, w).StoreUnsafe(ref d0, (nuint)i);
            }
        }

        for (; i + 8 <= dest.Length; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref x0, (nuint)i);
            Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<float>.Zero), Vector256<float>.Zero, v).StoreUnsafe(ref d0, (nuint)i);
        }

        for (; i < dest.Length; i++)
        {
            dest[i] = x[i] < 0f ? 0f : x[i];
        }
    }

    /// <summary>dest += g · sign(x): abs's backward, 0 at 0 as in PyTorch.</summary>
    public static void AccumulateSignTimes(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dest)
    {
        for (var i = 0; i < dest.Length; i++)
        {
            dest[i] += g[i] * MathF.Sign(x[i]);
        }
    }
}
