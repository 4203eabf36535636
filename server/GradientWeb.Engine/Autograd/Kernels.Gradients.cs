using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GradientWeb.Engine.Autograd;

/// <summary>
/// The elementwise backward passes that add an op's local gradient into its input's, each in one pass: one loop
/// (<see cref="Accumulate{TRule}"/>) and a rule per op, each rule's arithmetic PyTorch's, in its order, every step
/// rounded. With <c>write</c> the input's gradient counts as cleared (+0) and is not read: the bits of clearing it first.
/// </summary>
internal static partial class Kernels
{
    /// <summary>dest += g where x &gt; 0: ReLU's backward (PyTorch passes no gradient at exactly 0).</summary>
    public static void AccumulateWherePositive(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dest, bool write = false) =>
        Accumulate<WherePositive>(x, g, dest, write);

    /// <summary>dest += g · (2 · x): x²'s backward (pow_backward, grad · (2 · x¹)).</summary>
    public static void AccumulateSquareGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dest, bool write = false) =>
        Accumulate<SquareRule>(x, g, dest, write);

    /// <summary>dest += g · (1 − y) · y: sigmoid's backward from its output y.</summary>
    public static void AccumulateSigmoidGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dest, bool write = false) =>
        Accumulate<SigmoidRule>(y, g, dest, write);

    // What one op adds into d from its saved value x (its input or its output) and the upstream gradient g.
    private interface IGradientRule
    {
        static abstract Vector512<float> Wide(Vector512<float> d, Vector512<float> x, Vector512<float> g);

        static abstract Vector256<float> Vector(Vector256<float> d, Vector256<float> x, Vector256<float> g);

        static abstract float Scalar(float d, float x, float g);
    }

    // A select, not d + (g & mask): adding +0 would turn a −0 into +0.
    private readonly struct WherePositive : IGradientRule
    {
        public static Vector512<float> Wide(Vector512<float> d, Vector512<float> x, Vector512<float> g) =>
            Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), d + g, d);

        public static Vector256<float> Vector(Vector256<float> d, Vector256<float> x, Vector256<float> g) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), d + g, d);

        public static float Scalar(float d, float x, float g) => x > 0f ? d + g : d;
    }

    private readonly struct SquareRule : IGradientRule
    {
        public static Vector512<float> Wide(Vector512<float> d, Vector512<float> x, Vector512<float> g) => d + (g * (x * 2f));

        public static Vector256<float> Vector(Vector256<float> d, Vector256<float> x, Vector256<float> g) => d + (g * (x * 2f));

        public static float Scalar(float d, float x, float g) => d + (g * (x * 2f));
    }

    private readonly struct SigmoidRule : IGradientRule
    {
        public static Vector512<float> Wide(Vector512<float> d, Vector512<float> y, Vector512<float> g) => d + (g * (Vector512<float>.One - y) * y);

        public static Vector256<float> Vector(Vector256<float> d, Vector256<float> y, Vector256<float> g) => d + (g * (Vector256<float>.One - y) * y);

        public static float Scalar(float d, float y, float g) => d + (g * (1f - y) * y);
    }

    private static void Accumulate<TRule>(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dest, bool write)
        where TRule : struct, IGradientRule
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var g0 = ref MemoryMarshal.GetReference(g);
        ref var d0 = ref MemoryMarshal.GetReference(dest);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= dest.Length; i += 16)
            {
                var d = write ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref d0, (nuint)i);
                TRule.Wide(d, Vector512.LoadUnsafe(ref x0, (nuint)i), Vector512.LoadUnsafe(ref g0, (nuint)i)).StoreUnsafe(ref d0, (nuint)i);
            }
        }

        for (; i + 8 <= dest.Length; i += 8)
        {
            var d = write ? Vector256<float>.Zero : Vector256.LoadUnsafe(ref d0, (nuint)i);
            TRule.Vector(d, Vector256.LoadUnsafe(ref x0, (nuint)i), Vector256.LoadUnsafe(ref g0, (nuint)i)).StoreUnsafe(ref d0, (nuint)i);
        }

        for (; i < dest.Length; i++)
        {
            dest[i] = TRule.Scalar(write ? 0f : dest[i], x[i], g[i]);
        }
    }
}
