using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GradientWeb.Engine.Autograd;

/// <summary>
/// nn.Linear's matrix products, blocked and vectorised in the reference BLAS's per-element order: the half of
/// <see cref="Kernels"/> that TensorPrimitives has no primitive for. Every output element is the same chain of
/// rounded products added one at a time (never fused), so the vector width changes only how many elements advance
/// together, never a bit of any of them. A product large enough to pay is split over the cores no other job is
/// using (<see cref="CoreBudget"/>).
/// </summary>
internal static partial class Kernels
{
    /// <summary>Multiply-adds per matrix product above which its rows are split over the free cores (~1 ms of work).</summary>
    public const long ParallelWork = 1 << 21;

    /// <summary>
    /// c[:, j] += Σₜ a[:, t] · coef[j·jStride + t·tStride] over t ascending, each product rounded before it is added:
    /// the column-major matrix product of nn.Linear (forward: a = x, coef = W; backward: a = ∂y, coef = Wᵀ) in the
    /// reference BLAS's per-element order, so it is bit for bit the one-column-at-a-time loop it replaces. Blocked
    /// two vectors of rows × 4 columns in registers; rows split over the cores when the product is large enough to pay.
    /// </summary>
    /// <param name="fromZero">Start every sum at +0 rather than at c's contents: the bits of adding into a cleared c, without clearing it.</param>
    public static void CombineColumns(Memory<float> a, int rows, int terms, Memory<float> coef, int jStride, int tStride, Memory<float> c, int columns, bool fromZero = false)
    {
        var work = (long)rows * terms * columns;
        var chunks = work >= ParallelWork ? Math.Min(CoreBudget.ForOneRun, rows / 64) : 1;
        if (chunks <= 1)
        {
            CombineRows(a.Span, rows, terms, coef.Span, jStride, tStride, c.Span, columns, 0, rows, fromZero);
            return;
        }

        CombineInParallel(a, rows, terms, coef, jStride, tStride, c, columns, chunks, fromZero);
    }

    // Apart from the single-threaded path: a lambda's captures are allocated where its method starts.
    private static void CombineInParallel(Memory<float> a, int rows, int terms, Memory<float> coef, int jStride, int tStride, Memory<float> c, int columns, int chunks, bool fromZero)
    {
        // Chunks of whole 32-row blocks, so no chunk but the last falls back to narrower vectors.
        var size = ((rows / chunks) + 31) & ~31;
        Parallel.For(0, chunks, k => CombineRows(a.Span, rows, terms, coef.Span, jStride, tStride, c.Span, columns, k * size, k == chunks - 1 ? rows : Math.Min(rows, (k + 1) * size), fromZero));
    }

    // Rows [from, to): as many as fill 512-bit blocks (where the CPU runs them natively), then 256-bit blocks,
    // then each column's last few rows.
    private static void CombineRows(ReadOnlySpan<float> a, int rows, int terms, ReadOnlySpan<float> coef, int jStride, int tStride, Span<float> c, int columns, int from, int to, bool fromZero)
    {
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var w0 = ref MemoryMarshal.GetReference(coef);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        if (terms == 1)
        {
            for (var j = 0; j < columns; j++)
            {
                ScaleColumnInto(ref a0, Unsafe.Add(ref w0, j * jStride), ref Unsafe.Add(ref c0, j * rows), from, to, fromZero);
            }

            return;
        }

        var i = from;
        if (Vector512.IsHardwareAccelerated)
        {
            i = CombineBlocks<Lanes512, Vector512<float>>(ref a0, rows, terms, ref w0, jStride, tStride, ref c0, columns, i, to, fromZero);
        }

        i = CombineBlocks<Lanes256, Vector256<float>>(ref a0, rows, terms, ref w0, jStride, tStride, ref c0, columns, i, to, fromZero);
        for (var j = 0; j < columns; j++)
        {
            CombineColumnTail(ref a0, rows, terms, ref w0, jStride, tStride, ref c0, j, i, to, fromZero);
        }
    }

    // One term (a one-input layer's forward, the input gradient of a one-output layer): c[i] = start + a[i]·w over rows
    // [from, to), the blocks' per-element order in a loop without their per-block bookkeeping, which for one term cost
    // more than the arithmetic (a 1→2→1 net's first layer and its last layer's backward).
    private static void ScaleColumnInto(ref float a0, float w, ref float c0, int from, int to, bool fromZero)
    {
        var i = from;
        if (Vector512.IsHardwareAccelerated)
        {
            var wv = Vector512.Create(w);
            for (; i + 16 <= to; i += 16)
            {
                var start = fromZero ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref c0, (nuint)i);
                (start + (Vector512.LoadUnsafe(ref a0, (nuint)i) * wv)).StoreUnsafe(ref c0, (nuint)i);
            }
        }

        var w8 = Vector256.Create(w);
        for (; i + 8 <= to; i += 8)
        {
            var start = fromZero ? Vector256<float>.Zero : Vector256.LoadUnsafe(ref c0, (nuint)i);
            (start + (Vector256.LoadUnsafe(ref a0, (nuint)i) * w8)).StoreUnsafe(ref c0, (nuint)i);
        }

        for (; i < to; i++)
        {
            var product = Unsafe.Add(ref a0, i) * w;
            Unsafe.Add(ref c0, i) = (fromZero ? 0f : Unsafe.Add(ref c0, i)) + product;
        }
    }

    // Every column over the whole blocks of two vectors of rows in [from, to); returns the first row left over.
    // Four columns share each load of a's rows; a last column or three go alone (still two vectors, two sums in flight).
    private static int CombineBlocks<TL, TV>(ref float a0, int rows, int terms, ref float w0, int jStride, int tStride, ref float c0, int columns, int from, int to, bool fromZero)
        where TL : struct, ILanes<TV>
        where TV : struct
    {
        var block = 2 * TL.Count;
        var end = from + ((to - from) / block * block);
        var (n, r) = ((nuint)TL.Count, (nuint)rows);
        var j = 0;
        for (; j + 4 <= columns; j += 4)
        {
            for (var i = from; i < end; i += block)
            {
                ref var cj = ref Unsafe.Add(ref c0, (j * rows) + i);
                var (s00, s01) = (Start<TL, TV>(fromZero, ref cj, 0), Start<TL, TV>(fromZero, ref cj, n));
                var (s10, s11) = (Start<TL, TV>(fromZero, ref cj, r), Start<TL, TV>(fromZero, ref cj, r + n));
                var (s20, s21) = (Start<TL, TV>(fromZero, ref cj, 2 * r), Start<TL, TV>(fromZero, ref cj, (2 * r) + n));
                var (s30, s31) = (Start<TL, TV>(fromZero, ref cj, 3 * r), Start<TL, TV>(fromZero, ref cj, (3 * r) + n));
                for (var t = 0; t < terms; t++)
                {
                    ref var at = ref Unsafe.Add(ref a0, (t * rows) + i);
                    var (x0, x1) = (TL.Load(ref at, 0), TL.Load(ref at, n));
                    ref var wt = ref Unsafe.Add(ref w0, (j * jStride) + (t * tStride));
                    var w = TL.Broadcast(wt);
                    (s00, s01) = (TL.Add(s00, TL.Multiply(x0, w)), TL.Add(s01, TL.Multiply(x1, w)));
                    w = TL.Broadcast(Unsafe.Add(ref wt, jStride));
                    (s10, s11) = (TL.Add(s10, TL.Multiply(x0, w)), TL.Add(s11, TL.Multiply(x1, w)));
                    w = TL.Broadcast(Unsafe.Add(ref wt, 2 * jStride));
                    (s20, s21) = (TL.Add(s20, TL.Multiply(x0, w)), TL.Add(s21, TL.Multiply(x1, w)));
                    w = TL.Broadcast(Unsafe.Add(ref wt, 3 * jStride));
                    (s30, s31) = (TL.Add(s30, TL.Multiply(x0, w)), TL.Add(s31, TL.Multiply(x1, w)));
                }

                TL.Store(s00, ref cj, 0);
                TL.Store(s01, ref cj, n);
                TL.Store(s10, ref cj, r);
                TL.Store(s11, ref cj, r + n);
                TL.Store(s20, ref cj, 2 * r);
                TL.Store(s21, ref cj, (2 * r) + n);
                TL.Store(s30, ref cj, 3 * r);
                TL.Store(s31, ref cj, (3 * r) + n);
            }
        }

        for (; j < columns; j++)
        {
            for (var i = from; i < end; i += block)
            {
                ref var cj = ref Unsafe.Add(ref c0, (j * rows) + i);
                var (s0, s1) = (Start<TL, TV>(fromZero, ref cj, 0), Start<TL, TV>(fromZero, ref cj, n));
                for (var t = 0; t < terms; t++)
                {
                    ref var at = ref Unsafe.Add(ref a0, (t * rows) + i);
                    var w = TL.Broadcast(Unsafe.Add(ref w0, (j * jStride) + (t * tStride)));
                    (s0, s1) = (TL.Add(s0, TL.Multiply(TL.Load(ref at, 0), w)), TL.Add(s1, TL.Multiply(TL.Load(ref at, n), w)));
                }

                TL.Store(s0, ref cj, 0);
                TL.Store(s1, ref cj, n);
            }
        }

        return end;
    }

    // A sum's start: c's contents, or +0 where c counts as cleared.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Start<TL, TV>(bool fromZero, ref float at, nuint offset)
        where TL : struct, ILanes<TV>
        where TV : struct => fromZero ? TL.Zero : TL.Load(ref at, offset);

    // One output column over its last rows [from, to) (fewer than 16): 8 at a time, then one by one; the same
    // per-element order as the blocks.
    private static void CombineColumnTail(ref float a0, int rows, int terms, ref float w0, int jStride, int tStride, ref float c0, int j, int from, int to, bool fromZero)
    {
        var i = from;
        for (; i + 8 <= to; i += 8)
        {
            ref var cj = ref Unsafe.Add(ref c0, (j * rows) + i);
            var s = fromZero ? Vector256<float>.Zero : Vector256.LoadUnsafe(ref cj);
            for (var t = 0; t < terms; t++)
            {
                s += Vector256.LoadUnsafe(ref Unsafe.Add(ref a0, (t * rows) + i)) * Vector256.Create(Unsafe.Add(ref w0, (j * jStride) + (t * tStride)));
            }

            s.StoreUnsafe(ref cj);
        }

        for (; i < to; i++)
        {
            ref var cj = ref Unsafe.Add(ref c0, (j * rows) + i);
            var s = fromZero ? 0f : cj;
            for (var t = 0; t < terms; t++)
            {
                var product = Unsafe.Add(ref a0, (t * rows) + i) * Unsafe.Add(ref w0, (j * jStride) + (t * tStride));
                s += product;
            }

            cj = s;
        }
    }

    /// <summary>
    /// d[p·pStride + q·qStride] += Σᵢ p[i, p] · q[i, q] for column-major p [rows × ps] and q [rows × qs]: a weight's
    /// gradient (∂yᵀ · x). Each sum runs over i in order from 0, each product rounded, exactly as <see cref="Dot"/>,
    /// but two vectors of q at a time from <paramref name="qRows"/>, a row-major copy of q (rows × qs) the caller keeps.
    /// </summary>
    public static void OuterSums(Memory<float> p, int ps, Memory<float> q, int qs, Memory<float> qRows, int rows, Memory<float> d, int pStride, int qStride)
    {
        Transpose(q.Span, rows, qs, qRows.Span);
        var work = (long)rows * ps * qs;
        var chunks = work >= ParallelWork ? Math.Min(CoreBudget.ForOneRun, ps / 4) : 1;
        if (chunks <= 1)
        {
            OuterSumRange(p.Span, q.Span, qs, qRows.Span, rows, d.Span, pStride, qStride, 0, ps);
            return;
        }

        OuterSumsInParallel(p, ps, q, qs, qRows, rows, d, pStride, qStride, chunks);
    }

    private static void OuterSumsInParallel(Memory<float> p, int ps, Memory<float> q, int qs, Memory<float> qRows, int rows, Memory<float> d, int pStride, int qStride, int chunks)
    {
        var size = ((ps / chunks) + 3) & ~3;
        Parallel.For(0, chunks, k => OuterSumRange(p.Span, q.Span, qs, qRows.Span, rows, d.Span, pStride, qStride, k * size, k == chunks - 1 ? ps : Math.Min(ps, (k + 1) * size)));
    }

    // p columns [from, to): the q that fill 512-bit blocks (where the CPU runs them natively), then 256-bit blocks,
    // then the last few q one dot product each.
    private static void OuterSumRange(ReadOnlySpan<float> p, ReadOnlySpan<float> q, int qs, ReadOnlySpan<float> qRows, int rows, Span<float> d, int pStride, int qStride, int from, int to)
    {
        ref var p0 = ref MemoryMarshal.GetReference(p);
        ref var r0 = ref MemoryMarshal.GetReference(qRows);
        var k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            k = OuterSumBlocks<Lanes512, Vector512<float>>(ref p0, qs, ref r0, rows, d, pStride, qStride, from, to, k);
        }

        k = OuterSumBlocks<Lanes256, Vector256<float>>(ref p0, qs, ref r0, rows, d, pStride, qStride, from, to, k);
        for (var pi = from; pi < to; pi++)
        {
            for (var kk = k; kk < qs; kk++)
            {
                d[(pi * pStride) + (kk * qStride)] += Dot(q.Slice(kk * rows, rows), p.Slice(pi * rows, rows));
            }
        }
    }

    // The q in [kFrom, …) that fill whole blocks of two vectors, for p columns [from, to): four p columns × two
    // vectors of q in eight accumulators, what is left of p one column at a time. Returns the first q left over.
    private static int OuterSumBlocks<TL, TV>(ref float p0, int qs, ref float r0, int rows, Span<float> d, int pStride, int qStride, int from, int to, int kFrom)
        where TL : struct, ILanes<TV>
        where TV : struct
    {
        var block = 2 * TL.Count;
        var end = kFrom + ((qs - kFrom) / block * block);
        var n = (nuint)TL.Count;
        var pi = from;
        for (; pi + 4 <= to; pi += 4)
        {
            ref var pc = ref Unsafe.Add(ref p0, pi * rows);
            for (var k = kFrom; k < end; k += block)
            {
                var (s00, s01, s10, s11, s20, s21, s30, s31) = (TL.Zero, TL.Zero, TL.Zero, TL.Zero, TL.Zero, TL.Zero, TL.Zero, TL.Zero);
                for (var i = 0; i < rows; i++)
                {
                    ref var row = ref Unsafe.Add(ref r0, (i * qs) + k);
                    var (y0, y1) = (TL.Load(ref row, 0), TL.Load(ref row, n));
                    var x = TL.Broadcast(Unsafe.Add(ref pc, i));
                    (s00, s01) = (TL.Add(s00, TL.Multiply(y0, x)), TL.Add(s01, TL.Multiply(y1, x)));
                    x = TL.Broadcast(Unsafe.Add(ref pc, rows + i));
                    (s10, s11) = (TL.Add(s10, TL.Multiply(y0, x)), TL.Add(s11, TL.Multiply(y1, x)));
                    x = TL.Broadcast(Unsafe.Add(ref pc, (2 * rows) + i));
                    (s20, s21) = (TL.Add(s20, TL.Multiply(y0, x)), TL.Add(s21, TL.Multiply(y1, x)));
                    x = TL.Broadcast(Unsafe.Add(ref pc, (3 * rows) + i));
                    (s30, s31) = (TL.Add(s30, TL.Multiply(y0, x)), TL.Add(s31, TL.Multiply(y1, x)));
                }

                AddLanes<TL, TV>(d, ((pi + 0) * pStride) + (k * qStride), qStride, s00, s01);
                AddLanes<TL, TV>(d, ((pi + 1) * pStride) + (k * qStride), qStride, s10, s11);
                AddLanes<TL, TV>(d, ((pi + 2) * pStride) + (k * qStride), qStride, s20, s21);
                AddLanes<TL, TV>(d, ((pi + 3) * pStride) + (k * qStride), qStride, s30, s31);
            }
        }

        for (; pi < to; pi++)
        {
            ref var pc = ref Unsafe.Add(ref p0, pi * rows);
            for (var k = kFrom; k < end; k += block)
            {
                var (s0, s1) = (TL.Zero, TL.Zero);
                for (var i = 0; i < rows; i++)
                {
                    var x = TL.Broadcast(Unsafe.Add(ref pc, i));
                    ref var row = ref Unsafe.Add(ref r0, (i * qs) + k);
                    (s0, s1) = (TL.Add(s0, TL.Multiply(TL.Load(ref row, 0), x)), TL.Add(s1, TL.Multiply(TL.Load(ref row, n), x)));
                }

                AddLanes<TL, TV>(d, (pi * pStride) + (k * qStride), qStride, s0, s1);
            }
        }

        return end;
    }

    // Inlined, element by element: a call here would make the JIT keep the eight sums on the stack through the loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLanes<TL, TV>(Span<float> d, int at, int stride, TV low, TV high)
        where TL : struct, ILanes<TV>
        where TV : struct
    {
        for (var l = 0; l < TL.Count; l++)
        {
            d[at + (l * stride)] += TL.Element(low, l);
            d[at + ((l + TL.Count) * stride)] += TL.Element(high, l);
        }
    }

    // Eight columns at a time, so each row's eight values land together in one cache line; with AVX, eight rows of
    // them at once as one 8×8 transpose in registers. A 2 000 × 64 copy: ~90 µs one element at a time, ~35 µs eight
    // columns at a time, ~10 µs by 8×8 blocks.
    private static void Transpose(ReadOnlySpan<float> columns, int rows, int cols, Span<float> into)
    {
        ref var s0 = ref MemoryMarshal.GetReference(columns);
        ref var d0 = ref MemoryMarshal.GetReference(into);
        var j = 0;
        for (; j + 8 <= cols; j += 8)
        {
            ref var c = ref Unsafe.Add(ref s0, j * rows);
            var i = 0;
            if (Avx.IsSupported)
            {
                for (; i + 8 <= rows; i += 8)
                {
                    Transpose8x8(ref Unsafe.Add(ref c, i), (nuint)rows, ref Unsafe.Add(ref d0, (i * cols) + j), (nuint)cols);
                }
            }

            for (; i < rows; i++)
            {
                ref var row = ref Unsafe.Add(ref d0, (i * cols) + j);
                row = Unsafe.Add(ref c, i);
                Unsafe.Add(ref row, 1) = Unsafe.Add(ref c, rows + i);
                Unsafe.Add(ref row, 2) = Unsafe.Add(ref c, (2 * rows) + i);
                Unsafe.Add(ref row, 3) = Unsafe.Add(ref c, (3 * rows) + i);
                Unsafe.Add(ref row, 4) = Unsafe.Add(ref c, (4 * rows) + i);
                Unsafe.Add(ref row, 5) = Unsafe.Add(ref c, (5 * rows) + i);
                Unsafe.Add(ref row, 6) = Unsafe.Add(ref c, (6 * rows) + i);
                Unsafe.Add(ref row, 7) = Unsafe.Add(ref c, (7 * rows) + i);
            }
        }

        for (; j < cols; j++)
        {
            var column = columns.Slice(j * rows, rows);
            for (var i = 0; i < rows; i++)
            {
                into[(i * cols) + j] = column[i];
            }
        }
    }

    // Eight rows of eight columns (column k at from + k·stride) into eight rows of the row-major copy (row r at
    // into + r·width), transposed in registers.
    private static void Transpose8x8(ref float from, nuint stride, ref float into, nuint width)
    {
        var (v0, v1, v2, v3) = (Vector256.LoadUnsafe(ref from), Vector256.LoadUnsafe(ref from, stride), Vector256.LoadUnsafe(ref from, 2 * stride), Vector256.LoadUnsafe(ref from, 3 * stride));
        var (v4, v5, v6, v7) = (Vector256.LoadUnsafe(ref from, 4 * stride), Vector256.LoadUnsafe(ref from, 5 * stride), Vector256.LoadUnsafe(ref from, 6 * stride), Vector256.LoadUnsafe(ref from, 7 * stride));
        Transpose8x8(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
        v0.StoreUnsafe(ref into);
        v1.StoreUnsafe(ref into, width);
        v2.StoreUnsafe(ref into, 2 * width);
        v3.StoreUnsafe(ref into, 3 * width);
        v4.StoreUnsafe(ref into, 4 * width);
        v5.StoreUnsafe(ref into, 5 * width);
        v6.StoreUnsafe(ref into, 6 * width);
        v7.StoreUnsafe(ref into, 7 * width);
    }
}
