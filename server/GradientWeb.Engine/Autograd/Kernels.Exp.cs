using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GradientWeb.Engine.Autograd;

/// <summary>
/// torch.exp and torch.sigmoid as ATen computes them on float32: SLEEF's <c>expf_u10</c> eight lanes at a time, for
/// exp (vml's vec::map) every element, for sigmoid (cpu_kernel_vec) all but the last numel % 16 (in PyTorch's
/// row-major order), which its scalar lambda takes one at a time with the C library's expf. Bit for bit
/// PyTorch's (<c>ExpKernelTests</c>, tests/golden/kernel-golden.json); TensorPrimitives.Sigmoid differed in the last
/// bit on about one value in four.
/// </summary>
internal static partial class Kernels
{
    // cpu_kernel_vec's vectorized loop takes two vectors of eight at a time and leaves the rest to the scalar lambda.
    private const int AtenVectorBlock = 16;

    // SLEEF's vectors need FMA (its AVX2 build fuses every multiply-add) and AVX for the rounding conversion.
    private static readonly bool VectorExp = Fma.IsSupported && Avx2.IsSupported;

    // Sixteen lanes where the CPU runs them natively: every lane's arithmetic is the eight-lane one's, so only how
    // many elements advance together changes, never a bit of any.
    private static readonly bool WideExp = VectorExp && Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>dest = eˣ for a column-major [rows × cols] tensor, bit for bit torch.exp on its row-major twin.</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> dest, int cols) => AtenUnary<ExpOp>(x, dest, cols, scalarTail: false);

    /// <summary>dest = sigmoid(x) for a column-major [rows × cols] tensor, bit for bit torch.sigmoid on its row-major twin.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> dest, int cols) => AtenUnary<SigmoidOp>(x, dest, cols, scalarTail: true);

    // An op's two bodies in ATen: the Vectorized<float> one and the scalar lambda.
    private interface IAtenUnary
    {
        static abstract Vector256<float> Vector(Vector256<float> x);

        static abstract Vector512<float> Wide(Vector512<float> x);

        static abstract float Scalar(float x);
    }

    private readonly struct ExpOp : IAtenUnary
    {
        public static Vector256<float> Vector(Vector256<float> x) => ExpOfEight(x);

        public static Vector512<float> Wide(Vector512<float> x) => ExpOfSixteen(x);

        // Only without the vector path: the C library's expf (MathF.Exp on Linux).
        public static float Scalar(float x) => MathF.Exp(x);
    }

    private readonly struct SigmoidOp : IAtenUnary
    {
        // a = 0 − a; a = a.exp(); a = a + 1; a = a.reciprocal().
        public static Vector256<float> Vector(Vector256<float> x) => Vector256<float>.One / (ExpOfEight(Vector256<float>.Zero - x) + Vector256<float>.One);

        public static Vector512<float> Wide(Vector512<float> x) => Vector512<float>.One / (ExpOfSixteen(Vector512<float>.Zero - x) + Vector512<float>.One);

        public static float Scalar(float x) => 1f / (1f + MathF.Exp(-x));
    }

    private static void AtenUnary<TOp>(ReadOnlySpan<float> x, Span<float> dest, int cols, bool scalarTail)
        where TOp : struct, IAtenUnary
    {
        if (!VectorExp)
        {
            // Without the vector path the scalar body everywhere: within an ulp of PyTorch's.
            for (var k = 0; k < x.Length; k++)
            {
                dest[k] = TOp.Scalar(x[k]);
            }

            return;
        }

        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var d0 = ref MemoryMarshal.GetReference(dest);
        var i = 0;
        if (WideExp)
        {
            for (; i + 16 <= x.Length; i += 16)
            {
                TOp.Wide(Vector512.LoadUnsafe(ref x0, (nuint)i)).StoreUnsafe(ref d0, (nuint)i);
            }
        }

        for (; i + 8 <= x.Length; i += 8)
        {
            TOp.Vector(Vector256.LoadUnsafe(ref x0, (nuint)i)).StoreUnsafe(ref d0, (nuint)i);
        }

        if (i < x.Length)
        {
            // The column-major order's last few, padded to a vector (vec::map's partial load; cpu_kernel_vec's scalar
            // ones are elsewhere in its order).
            Span<float> lanes = stackalloc float[8];
            x[i..].CopyTo(lanes);
            TOp.Vector(Vector256.Create<float>(lanes)).CopyTo(lanes);
            lanes[..(x.Length - i)].CopyTo(dest[i..]);
        }

        if (!scalarTail)
        {
            return;
        }

        // The elements cpu_kernel_vec leaves to its scalar loop: the last of the row-major order, i.e. of the last rows.
        var rows = x.Length / Math.Max(cols, 1);
        for (var rowMajor = x.Length - (x.Length % AtenVectorBlock); rowMajor < x.Length; rowMajor++)
        {
            var at = (rowMajor % cols * rows) + (rowMajor / cols);
            dest[at] = TOp.Scalar(x[at]);
        }
    }

    /// <summary>
    /// SLEEF 3's xexpf (u10, its AVX2 build, each vmla a fused multiply-add): eˣ = 2^q · e^s with q = rint(x/ln 2)
    /// and s = x − q·ln 2 in two parts, a degree-6 polynomial, 2^q applied in two halves; 0 below −104, ∞ above 100.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> ExpOfEight(Vector256<float> d)
    {
        var q = Avx.ConvertToVector256Int32(d * Vector256.Create(1.442695040888963407359924681001892137426645954152985934135449406931f));
        var qf = Vector256.ConvertToSingle(q);
        var s = Vector256.FusedMultiplyAdd(qf, Vector256.Create(-0.693145751953125f), d);
        s = Vector256.FusedMultiplyAdd(qf, Vector256.Create(-1.428606765330187045e-06f), s);
        var u = Vector256.Create(0.000198527617612853646278381f);
        u = Vector256.FusedMultiplyAdd(u, s, Vector256.Create(0.00139304355252534151077271f));
        u = Vector256.FusedMultiplyAdd(u, s, Vector256.Create(0.00833336077630519866943359f));
        u = Vector256.FusedMultiplyAdd(u, s, Vector256.Create(0.0416664853692054748535156f));
        u = Vector256.FusedMultiplyAdd(u, s, Vector256.Create(0.166666671633720397949219f));
        u = Vector256.FusedMultiplyAdd(u, s, Vector256.Create(0.5f));
        u = Vector256<float>.One + Vector256.FusedMultiplyAdd(s * s, u, s);

        // vldexp2: u · 2^(q >> 1) · 2^(q − (q >> 1)), so neither factor overflows its exponent.
        var half = Vector256.ShiftRightArithmetic(q, 1);
        u = u * PowerOfTwo(half) * PowerOfTwo(q - half);
        u = Vector256.AndNot(u, Vector256.LessThan(d, Vector256.Create(-104f)));
        return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Create(100f), d), Vector256.Create(float.PositiveInfinity), u);
    }

    private static Vector256<float> PowerOfTwo(Vector256<int> q) => ((q + Vector256.Create(0x7f)) << 23).AsSingle();

    /// <summary><see cref="ExpOfEight"/> on sixteen lanes: the same operations lane for lane (AVX-512's conversion rounds as AVX's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> ExpOfSixteen(Vector512<float> d)
    {
        var q = Avx512F.ConvertToVector512Int32(d * Vector512.Create(1.442695040888963407359924681001892137426645954152985934135449406931f));
        var qf = Vector512.ConvertToSingle(q);
        var s = Vector512.FusedMultiplyAdd(qf, Vector512.Create(-0.693145751953125f), d);
        s = Vector512.FusedMultiplyAdd(qf, Vector512.Create(-1.428606765330187045e-06f), s);
        var u = Vector512.Create(0.000198527617612853646278381f);
        u = Vector512.FusedMultiplyAdd(u, s, Vector512.Create(0.00139304355252534151077271f));
        u = Vector512.FusedMultiplyAdd(u, s, Vector512.Create(0.00833336077630519866943359f));
        u = Vector512.FusedMultiplyAdd(u, s, Vector512.Create(0.0416664853692054748535156f));
        u = Vector512.FusedMultiplyAdd(u, s, Vector512.Create(0.166666671633720397949219f));
        u = Vector512.FusedMultiplyAdd(u, s, Vector512.Create(0.5f));
        u = Vector512<float>.One + Vector512.FusedMultiplyAdd(s * s, u, s);
        var half = Vector512.ShiftRightArithmetic(q, 1);
        u = u * PowerOfTwo(half) * PowerOfTwo(q - half);
        u = Vector512.AndNot(u, Vector512.LessThan(d, Vector512.Create(-104f)));
        return Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Create(100f), d), Vector512.Create(float.PositiveInfinity), u);
    }

    private static Vector512<float> PowerOfTwo(Vector512<int> q) => ((q + Vector512.Create(0x7f)) << 23).AsSingle();
}
