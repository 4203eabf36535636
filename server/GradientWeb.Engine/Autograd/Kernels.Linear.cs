using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GradientWeb.Engine.Autograd;

/// <summary>
/// nn.Linear's matrix products, blocked and vectorised in the reference BLAS's per-element order: the half of
/// <see cref="Kernels"/> that TensorPrimitives has no primitive for. A product large enough to pay is split over
/// the cores no other job is using (<see cref="CoreBudget"/>).
/// </summary>
internal static partial class Kernels
{
    /// <summary>Multiply-adds per matrix product above which its rows are split over the free cores (~1 ms of work).</summary>
    public const long ParallelWork = 1 << 21;

    /// <summary>
    /// c[:, j] += Σₜ a[:, t] · coef[j·jStride + t·tStride] over t ascending, each product rounded before it is added:
    /// the column-major matrix product of nn.Linear (forward: a = x, coef = W; backward: a = ∂y, coef = Wᵀ) in the
    /// reference BLAS's per-element order, so it is bit for bit the one-column-at-a-time loop it replaces. Blocked
    /// 16 rows × 4 columns in registers; rows split over the cores when the product is large enough to pay.
    /// </summary>
    public static void CombineColumns(Memory<float> a, int rows, int terms, Memory<float> coef, int jStride, int tStride, Memory<float> c, int columns)
    {
        var work = (long)rows * terms * columns;
        var chunks = work >= ParallelWork ? Math.Min(CoreBudget.ForOneRun, rows / 64) : 1;
        if (chunks <= 1)
        {
            CombineRows(a.Span, rows, terms, coef.Span, jStride, tStride, c.Span, columns, 0, rows);
            return;
        }

        CombineInParallel(a, rows, terms, coef, jStride, tStride, c, columns, chunks);
    }

    // Apart from the single-threaded path: a lambda's captures are allocated where its method starts.
    private static void CombineInParallel(Memory<float> a, int rows, int terms, Memory<float> coef, int jStride, int tStride, Memory<float> c, int columns, int chunks)
    {
        // Chunks of whole 16-row blocks, so every row sees the same instructions whichever chunk it lands in.
        var size = ((rows / chunks) + 15) & ~15;
        Parallel.For(0, chunks, k => CombineRows(a.Span, rows, terms, coef.Span, jStride, tStride, c.Span, columns, k * size, k == chunks - 1 ? rows : Math.Min(rows, (k + 1) * size)));
    }

    private static void CombineRows(ReadOnlySpan<float> a, int rows, int terms, ReadOnlySpan<float> coef, int jStride, int tStride, Span<float> c, int columns, int from, int to)
    {
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var w0 = ref MemoryMarshal.GetReference(coef);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        var j = 0;
        for (; j + 4 <= columns; j += 4)
        {
            var i = from;
            for (; i + 16 <= to; i += 16)
            {
                ref var cj = ref Unsafe.Add(ref c0, (j * rows) + i);
                var (s00, s01) = (Vector256.LoadUnsafe(ref cj), Vector256.LoadUnsafe(ref cj, 8));
                var (s10, s11) = (Vector256.LoadUnsafe(ref cj, (nuint)rows), Vector256.LoadUnsafe(ref cj, (nuint)rows + 8));
                var (s20, s21) = (Vector256.LoadUnsafe(ref cj, (nuint)(2 * rows)), Vector256.LoadUnsafe(ref cj, (nuint)(2 * rows) + 8));
                var (s30, s31) = (Vector256.LoadUnsafe(ref cj, (nuint)(3 * rows)), Vector256.LoadUnsafe(ref cj, (nuint)(3 * rows) + 8));
                for (var t = 0; t < terms; t++)
                {
                    ref var at = ref Unsafe.Add(ref a0, (t * rows) + i);
                    var (x0, x1) = (Vector256.LoadUnsafe(ref at), Vector256.LoadUnsafe(ref at, 8));
                    ref var wt = ref Unsafe.Add(ref w0, (j * jStride) + (t * tStride));
                    var w = Vector256.Create(wt);
                    (s00, s01) = (s00 + (x0 * w), s01 + (x1 * w));
                    w = Vector256.Create(Unsafe.Add(ref wt, jStride));
                    (s10, s11) = (s10 + (x0 * w), s11 + (x1 * w));
                    w = Vector256.Create(Unsafe.Add(ref wt, 2 * jStride));
                    (s20, s21) = (s20 + (x0 * w), s21 + (x1 * w));
                    w = Vector256.Create(Unsafe.Add(ref wt, 3 * jStride));
                    (s30, s31) = (s30 + (x0 * w), s31 + (x1 * w));
                }

                s00.StoreUnsafe(ref cj);
                s01.StoreUnsafe(ref cj, 8);
                s10.StoreUnsafe(ref cj, (nuint)rows);
                s11.StoreUnsafe(ref cj, (nuint)rows + 8);
                s20.StoreUnsafe(ref cj, (nuint)(2 * rows));
                s21.StoreUnsafe(ref cj, (nuint)(2 * rows) + 8);
                s30.StoreUnsafe(ref cj, (nuint)(3 * rows));
                s31.StoreUnsafe(ref cj, (nuint)(3 * rows) + 8);
            }

            for (var jj = j; jj < j + 4; jj++)
            {
                CombineColumnTail(ref a0, rows, terms, ref w0, jStride, tStride, ref c0, jj, i, to);
            }
        }

        for (; j < columns; j++)
        {
            CombineColumnTail(ref a0, rows, terms, ref w0, jStride, tStride, ref c0, j, from, to);
        }
    }

    // One output column over rows [from, to): 8 at a time, then one by one; the same per-element order as above.
    private static void CombineColumnTail(ref float a0, int rows, int terms, ref float w0, int jStride, int tStride, ref float c0, int j, int from, int to)
    {
        var i = from;
        for (; i + 8 <= to; i += 8)
        {
            ref var cj = ref Unsafe.Add(ref c0, (j * rows) + i);
            var s = Vector256.LoadUnsafe(ref cj);
            for (var t = 0; t < terms; t++)
            {
                s += Vector256.LoadUnsafe(ref Unsafe.Add(ref a0, (t * rows) + i)) * Vector256.Create(Unsafe.Add(ref w0, (j * jStride) + (t * tStride)));
            }

            s.StoreUnsafe(ref cj);
        }

        for (; i < to; i++)
        {
            ref var cj = ref Unsafe.Add(ref c0, (j * rows) + i);
            var s = cj;
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
    /// but 16 q at a time from <paramref name="qRows"/>, a row-major copy of q (rows × qs) the caller keeps.
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

    // Four p columns × 16 q at a time in eight accumulators; what is left over one p at a time, the q tail by Dot.
    private static void OuterSumRange(ReadOnlySpan<float> p, ReadOnlySpan<float> q, int qs, ReadOnlySpan<float> qRows, int rows, Span<float> d, int pStride, int qStride, int from, int to)
    {
        ref var p0 = ref MemoryMarshal.GetReference(p);
        ref var r0 = ref MemoryMarshal.GetReference(qRows);
        var pi = from;
        for (; pi + 4 <= to; pi += 4)
        {
            ref var pc = ref Unsafe.Add(ref p0, pi * rows);
            var k = 0;
            for (; k + 16 <= qs; k += 16)
            {
                Vector256<float> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                for (var i = 0; i < rows; i++)
                {
                    ref var row = ref Unsafe.Add(ref r0, (i * qs) + k);
                    var (y0, y1) = (Vector256.LoadUnsafe(ref row), Vector256.LoadUnsafe(ref row, 8));
                    var x = Vector256.Create(Unsafe.Add(ref pc, i));
                    (s00, s01) = (s00 + (y0 * x), s01 + (y1 * x));
                    x = Vector256.Create(Unsafe.Add(ref pc, rows + i));
                    (s10, s11) = (s10 + (y0 * x), s11 + (y1 * x));
                    x = Vector256.Create(Unsafe.Add(ref pc, (2 * rows) + i));
                    (s20, s21) = (s20 + (y0 * x), s21 + (y1 * x));
                    x = Vector256.Create(Unsafe.Add(ref pc, (3 * rows) + i));
                    (s30, s31) = (s30 + (y0 * x), s31 + (y1 * x));
                }

                AddLanes(d, ((pi + 0) * pStride) + (k * qStride), qStride, s00, s01);
                AddLanes(d, ((pi + 1) * pStride) + (k * qStride), qStride, s10, s11);
                AddLanes(d, ((pi + 2) * pStride) + (k * qStride), qStride, s20, s21);
                AddLanes(d, ((pi + 3) * pStride) + (k * qStride), qStride, s30, s31);
            }

            for (var pp = pi; pp < pi + 4; pp++)
            {
                OuterSumTail(p, q, rows, d, pStride, qStride, pp, k, qs);
            }
        }

        for (; pi < to; pi++)
        {
            ref var pc = ref Unsafe.Add(ref p0, pi * rows);
            var k = 0;
            for (; k + 16 <= qs; k += 16)
            {
                Vector256<float> s0 = default, s1 = default;
                for (var i = 0; i < rows; i++)
                {
                    var x = Vector256.Create(Unsafe.Add(ref pc, i));
                    ref var row = ref Unsafe.Add(ref r0, (i * qs) + k);
                    (s0, s1) = (s0 + (Vector256.LoadUnsafe(ref row) * x), s1 + (Vector256.LoadUnsafe(ref row, 8) * x));
                }

                AddLanes(d, (pi * pStride) + (k * qStride), qStride, s0, s1);
            }

            OuterSumTail(p, q, rows, d, pStride, qStride, pi, k, qs);
        }
    }

    private static void OuterSumTail(ReadOnlySpan<float> p, ReadOnlySpan<float> q, int rows, Span<float> d, int pStride, int qStride, int pi, int from, int qs)
    {
        for (var k = from; k < qs; k++)
        {
            d[(pi * pStride) + (k * qStride)] += Dot(q.Slice(k * rows, rows), p.Slice(pi * rows, rows));
        }
    }

    private static void AddLanes(Span<float> d, int at, int stride, Vector256<float> low, Vector256<float> high)
    {
        for (var l = 0; l < 8; l++)
        {
            d[at + (l * stride)] += low.GetElement(l);
            d[at + ((l + 8) * stride)] += high.GetElement(l);
        }
    }

    private static void Transpose(ReadOnlySpan<float> columns, int rows, int cols, Span<float> into)
    {
        for (var j = 0; j < cols; j++)
        {
            var column = columns.Slice(j * rows, rows);
            for (var i = 0; i < rows; i++)
            {
                into[(i * cols) + j] = column[i];
            }
        }
    }
}
