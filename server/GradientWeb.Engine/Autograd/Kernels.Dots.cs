using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GradientWeb.Engine.Autograd;

/// <summary>
/// One Σᵢ aᵢ·bᵢ over the rows of a batch, added into <see cref="Into"/>'s one element: a narrow layer's weight
/// gradient is one of these per weight (<c>Ops.Linear</c>), and a plan runs all of its layers' side by side.
/// </summary>
internal readonly record struct RowDot(Memory<float> A, Memory<float> B, Memory<float> Into);

/// <summary>
/// Elementwise work over rows that a weight-gradient loop carries along (<see cref="Kernels.AccumulateRowDots{TBeside}"/>):
/// that loop waits on one chain of adds, so independent arithmetic placed in it costs next to nothing.
/// </summary>
internal interface IRowsBeside
{
    int Rows { get; }

    /// <summary>Rows start … start + 7.</summary>
    void Eight(int start);

    /// <summary>Rows start … the last.</summary>
    void From(int start);
}

/// <summary>No work beside the dots.</summary>
internal readonly struct NothingBeside : IRowsBeside
{
    public int Rows => 0;

    public void Eight(int start)
    {
    }

    public void From(int start)
    {
    }
}

/// <summary>
/// The weight gradients of narrow layers, where PyTorch's mm hands the reference BLAS one long dot product per
/// weight: a chain of dependent adds in row order that no vector width can shorten without changing its bits.
/// What can change is how many chains wait on the adder at once.
/// </summary>
internal static partial class Kernels
{
    /// <summary>
    /// Σ xᵢyᵢ in order, each product rounded before it is added: what PyTorch's mm (a weight's gradient) gets from
    /// Debian's reference BLAS sgemm. Near an optimum that gradient is a difference of large terms, and a
    /// different order changes its low bits and, for sign-driven optimizers (RMSprop), the path.
    /// </summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var sum = 0f;
        for (var i = 0; i < x.Length; i++)
        {
            var product = x[i] * y[i];
            sum += product;
        }

        return sum;
    }

    /// <summary>
    /// dot.Into[0] += Σᵢ dot.A[i]·dot.B[i] for every dot, each sum in <see cref="Dot"/>'s order. Up to eight dots of
    /// one length go through the rows together as the eight lanes of one vector: eight rows of their products are
    /// transposed in registers so that each row adds to all eight sums with one vector add. Each lane still adds its
    /// own rounded products one at a time in row order, so the bits are <see cref="Dot"/>'s, but a 2 000-row epoch
    /// waits for one chain of 2 000 adds instead of one per weight (a 1→2→1 net has four).
    /// </summary>
    public static void AccumulateRowDots(ReadOnlySpan<RowDot> dots)
    {
        var nothing = default(NothingBeside);
        AccumulateRowDots(dots, ref nothing);
    }

    /// <summary>
    /// <see cref="AccumulateRowDots(ReadOnlySpan{RowDot})"/>, with <paramref name="beside"/>'s rows done eight at a time
    /// inside the first group of dots over as many rows (with no such group, on their own after the dots).
    /// </summary>
    public static void AccumulateRowDots<TBeside>(ReadOnlySpan<RowDot> dots, ref TBeside beside)
        where TBeside : IRowsBeside, allows ref struct
    {
        var besideDone = beside.Rows == 0;
        var first = 0;
        while (first < dots.Length)
        {
            var count = 1;
            while (count < 8 && first + count < dots.Length && dots[first + count].A.Length == dots[first].A.Length)
            {
                count++;
            }

            if (Avx.IsSupported && !besideDone && dots[first].A.Length == beside.Rows)
            {
                DotsAsLanes(dots.Slice(first, count), ref beside);
                besideDone = true;
            }
            else if (Avx.IsSupported)
            {
                var nothing = default(NothingBeside);
                DotsAsLanes(dots.Slice(first, count), ref nothing);
            }
            else
            {
                foreach (var dot in dots.Slice(first, count))
                {
                    dot.Into.Span[0] += Dot(dot.A.Span, dot.B.Span);
                }
            }

            first += count;
        }

        if (!besideDone)
        {
            beside.From(0);
        }
    }

    // One to eight dots of one length as the lanes of s; lanes past the last dot repeat it and are never stored.
    private static void DotsAsLanes<TBeside>(ReadOnlySpan<RowDot> dots, ref TBeside beside)
        where TBeside : IRowsBeside, allows ref struct
    {
        if (dots.Length <= 4)
        {
            DotsAsFourLanes(dots, ref beside);
            return;
        }

        var rows = dots[0].A.Length;
        ref var a0 = ref Row(dots, 0, a: true);
        ref var a1 = ref Row(dots, 1, a: true);
        ref var a2 = ref Row(dots, 2, a: true);
        ref var a3 = ref Row(dots, 3, a: true);
        ref var a4 = ref Row(dots, 4, a: true);
        ref var a5 = ref Row(dots, 5, a: true);
        ref var a6 = ref Row(dots, 6, a: true);
        ref var a7 = ref Row(dots, 7, a: true);
        ref var b0 = ref Row(dots, 0, a: false);
        ref var b1 = ref Row(dots, 1, a: false);
        ref var b2 = ref Row(dots, 2, a: false);
        ref var b3 = ref Row(dots, 3, a: false);
        ref var b4 = ref Row(dots, 4, a: false);
        ref var b5 = ref Row(dots, 5, a: false);
        ref var b6 = ref Row(dots, 6, a: false);
        ref var b7 = ref Row(dots, 7, a: false);
        var s = Vector256<float>.Zero;
        var i = 0;
        for (; i + 8 <= rows; i += 8)
        {
            // Lane r of p0 is dot 0's product at row i + r; after the transpose, lane d of p_r is dot d's.
            var p0 = Vector256.LoadUnsafe(ref a0, (nuint)i) * Vector256.LoadUnsafe(ref b0, (nuint)i);
            var p1 = Vector256.LoadUnsafe(ref a1, (nuint)i) * Vector256.LoadUnsafe(ref b1, (nuint)i);
            var p2 = Vector256.LoadUnsafe(ref a2, (nuint)i) * Vector256.LoadUnsafe(ref b2, (nuint)i);
            var p3 = Vector256.LoadUnsafe(ref a3, (nuint)i) * Vector256.LoadUnsafe(ref b3, (nuint)i);
            var p4 = Vector256.LoadUnsafe(ref a4, (nuint)i) * Vector256.LoadUnsafe(ref b4, (nuint)i);
            var p5 = Vector256.LoadUnsafe(ref a5, (nuint)i) * Vector256.LoadUnsafe(ref b5, (nuint)i);
            var p6 = Vector256.LoadUnsafe(ref a6, (nuint)i) * Vector256.LoadUnsafe(ref b6, (nuint)i);
            var p7 = Vector256.LoadUnsafe(ref a7, (nuint)i) * Vector256.LoadUnsafe(ref b7, (nuint)i);
            Transpose8x8(ref p0, ref p1, ref p2, ref p3, ref p4, ref p5, ref p6, ref p7);
            s += p0;
            s += p1;
            s += p2;
            s += p3;
            s += p4;
            s += p5;
            s += p6;
            s += p7;
            beside.Eight(i);
        }

        beside.From(i);
        for (var d = 0; d < dots.Length; d++)
        {
            FinishDot(dots[d], s.GetElement(d), i);
        }
    }

    // Up to four dots (a 1→2→1 net's): a 4×8 transpose takes 12 shuffles where the 8×8 takes 24, and each row adds as a
    // 128-bit vector; the shuffles freed are what lets the work beside (BCE's logs) fit in the adder's wait.
    private static void DotsAsFourLanes<TBeside>(ReadOnlySpan<RowDot> dots, ref TBeside beside)
        where TBeside : IRowsBeside, allows ref struct
    {
        var rows = dots[0].A.Length;
        ref var a0 = ref Row(dots, 0, a: true);
        ref var a1 = ref Row(dots, 1, a: true);
        ref var a2 = ref Row(dots, 2, a: true);
        ref var a3 = ref Row(dots, 3, a: true);
        ref var b0 = ref Row(dots, 0, a: false);
        ref var b1 = ref Row(dots, 1, a: false);
        ref var b2 = ref Row(dots, 2, a: false);
        ref var b3 = ref Row(dots, 3, a: false);
        var s = Vector128<float>.Zero;
        var i = 0;
        for (; i + 8 <= rows; i += 8)
        {
            var p0 = Vector256.LoadUnsafe(ref a0, (nuint)i) * Vector256.LoadUnsafe(ref b0, (nuint)i);
            var p1 = Vector256.LoadUnsafe(ref a1, (nuint)i) * Vector256.LoadUnsafe(ref b1, (nuint)i);
            var p2 = Vector256.LoadUnsafe(ref a2, (nuint)i) * Vector256.LoadUnsafe(ref b2, (nuint)i);
            var p3 = Vector256.LoadUnsafe(ref a3, (nuint)i) * Vector256.LoadUnsafe(ref b3, (nuint)i);

            // Within each 128-bit half: rows r and r + 4 of all four dots, lane d being dot d's.
            var t0 = Avx.UnpackLow(p0, p1);
            var t1 = Avx.UnpackHigh(p0, p1);
            var t2 = Avx.UnpackLow(p2, p3);
            var t3 = Avx.UnpackHigh(p2, p3);
            var r04 = Avx.Shuffle(t0, t2, 0x44);
            var r15 = Avx.Shuffle(t0, t2, 0xEE);
            var r26 = Avx.Shuffle(t1, t3, 0x44);
            var r37 = Avx.Shuffle(t1, t3, 0xEE);
            s += r04.GetLower();
            s += r15.GetLower();
            s += r26.GetLower();
            s += r37.GetLower();
            s += r04.GetUpper();
            s += r15.GetUpper();
            s += r26.GetUpper();
            s += r37.GetUpper();
            beside.Eight(i);
        }

        beside.From(i);
        for (var d = 0; d < dots.Length; d++)
        {
            FinishDot(dots[d], s.GetElement(d), i);
        }
    }

    // The rows past the last whole eight, in order, then the sum added into the dot's element.
    private static void FinishDot(RowDot dot, float sum, int from)
    {
        ReadOnlySpan<float> a = dot.A.Span, b = dot.B.Span;
        for (var r = from; r < a.Length; r++)
        {
            var product = a[r] * b[r];
            sum += product;
        }

        dot.Into.Span[0] += sum;
    }

    private static ref float Row(ReadOnlySpan<RowDot> dots, int d, bool a)
    {
        var dot = dots[Math.Min(d, dots.Length - 1)];
        return ref MemoryMarshal.GetReference((a ? dot.A : dot.B).Span);
    }

    /// <summary>
    /// The usual AVX 8×8 transpose in registers (pairs interleaved, then quads, then 128-bit halves swapped): lane c of
    /// v_r becomes lane r of v_c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        ref Vector256<float> v0, ref Vector256<float> v1, ref Vector256<float> v2, ref Vector256<float> v3,
        ref Vector256<float> v4, ref Vector256<float> v5, ref Vector256<float> v6, ref Vector256<float> v7)
    {
        var t0 = Avx.UnpackLow(v0, v1);
        var t1 = Avx.UnpackHigh(v0, v1);
        var t2 = Avx.UnpackLow(v2, v3);
        var t3 = Avx.UnpackHigh(v2, v3);
        var t4 = Avx.UnpackLow(v4, v5);
        var t5 = Avx.UnpackHigh(v4, v5);
        var t6 = Avx.UnpackLow(v6, v7);
        var t7 = Avx.UnpackHigh(v6, v7);
        var q0 = Avx.Shuffle(t0, t2, 0x44);
        var q1 = Avx.Shuffle(t0, t2, 0xEE);
        var q2 = Avx.Shuffle(t1, t3, 0x44);
        var q3 = Avx.Shuffle(t1, t3, 0xEE);
        var q4 = Avx.Shuffle(t4, t6, 0x44);
        var q5 = Avx.Shuffle(t4, t6, 0xEE);
        var q6 = Avx.Shuffle(t5, t7, 0x44);
        var q7 = Avx.Shuffle(t5, t7, 0xEE);
        v0 = Avx.Permute2x128(q0, q4, 0x20);
        v1 = Avx.Permute2x128(q1, q5, 0x20);
        v2 = Avx.Permute2x128(q2, q6, 0x20);
        v3 = Avx.Permute2x128(q3, q7, 0x20);
        v4 = Avx.Permute2x128(q0, q4, 0x31);
        v5 = Avx.Permute2x128(q1, q5, 0x31);
        v6 = Avx.Permute2x128(q2, q6, 0x31);
        v7 = Avx.Permute2x128(q3, q7, 0x31);
    }
}
