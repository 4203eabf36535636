using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GradientWeb.Engine.Autograd;

/// <summary>
/// BCELoss's elementwise passes, and the <c>logf</c> they need. PyTorch takes each log from glibc one element at a
/// time; a call per element was most of a 1→2→1 epoch on 2 000 rows, so here glibc's own algorithm runs four
/// lanes at a time and gives its results bit for bit (<c>LossKernelTests</c>).
/// </summary>
internal static partial class Kernels
{
    private const float LogClamp = -100f;

    /// <summary>
    /// ATen's binary_cross_entropy: (y − 1)·max(log(1 − p), −100) − y·max(log p, −100). Where y is exactly 0 or 1 one
    /// term is ±0 (the logs are clamped, so finite), which leaves one log per element: −max(log p, −100) for y = 1,
    /// −max(log(1 − p), −100) for y = 0; any other y takes the formula.
    /// </summary>
    public static void BinaryCrossEntropy(ReadOnlySpan<float> p, ReadOnlySpan<float> y, Span<float> dest)
    {
        var rows = new BinaryCrossEntropyRows(p, y, dest);
        var i = 0;
        for (; i + 8 <= p.Length; i += 8)
        {
            rows.Eight(i);
        }

        rows.From(i);
    }

    /// <summary>
    /// <see cref="BinaryCrossEntropy"/> eight rows at a time, so that a plan can run it inside the weight gradients'
    /// loop (<see cref="AccumulateRowDots{TBeside}"/>), whose adder chain leaves the logs' units idle.
    /// </summary>
    internal readonly ref struct BinaryCrossEntropyRows : IRowsBeside
    {
        private readonly ReadOnlySpan<float> _p;
        private readonly ReadOnlySpan<float> _y;
        private readonly Span<float> _dest;

        public BinaryCrossEntropyRows(ReadOnlySpan<float> p, ReadOnlySpan<float> y, Span<float> dest)
        {
            if (y.Length != p.Length || dest.Length != p.Length)
            {
                throw new ArgumentException("bce: p, y and the elementwise loss differ in length.");
            }

            _p = p;
            _y = y;
            _dest = dest;
        }

        public int Rows => _p.Length;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Eight(int start)
        {
            if (!VectorLog)
            {
                BinaryCrossEntropyScalar(_p.Slice(start, 8), _y.Slice(start, 8), _dest.Slice(start, 8));
                return;
            }

            var pv = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_p), (nuint)start);
            var yv = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_y), (nuint)start);
            var isOne = Vector256.Equals(yv, Vector256<float>.One);
            if ((isOne | Vector256.Equals(yv, Vector256<float>.Zero)).AsUInt32() != Vector256<uint>.AllBitsSet)
            {
                BinaryCrossEntropyScalar(_p.Slice(start, 8), _y.Slice(start, 8), _dest.Slice(start, 8));
                return;
            }

            var clamp = Vector256.Create(LogClamp);
            var log = LogOfEight(Vector256.ConditionalSelect(isOne, pv, Vector256<float>.One - pv));
            (-Vector256.ConditionalSelect(Vector256.LessThan(log, clamp), clamp, log)).StoreUnsafe(ref MemoryMarshal.GetReference(_dest), (nuint)start);
        }

        public void From(int start) => BinaryCrossEntropyScalar(_p[start..], _y[start..], _dest[start..]);
    }

    private static void BinaryCrossEntropyScalar(ReadOnlySpan<float> p, ReadOnlySpan<float> y, Span<float> dest)
    {
        for (var i = 0; i < p.Length; i++)
        {
            var logP = MathF.Max(MathF.Log(p[i]), LogClamp);
            var log1P = MathF.Max(MathF.Log(1f - p[i]), LogClamp);
            dest[i] = ((y[i] - 1f) * log1P) - (y[i] * logP);
        }
    }

    /// <summary>dp += (p − y) / max((1 − p)·p, ε) · g: ATen's binary_cross_entropy_backward, sixteen or eight lanes at a time;
    /// with <paramref name="write"/> dp counts as cleared (+0) and is not read.</summary>
    public static void AccumulateBinaryCrossEntropyGradient(ReadOnlySpan<float> p, ReadOnlySpan<float> y, float g, float epsilon, Span<float> dp, bool write = false)
    {
        ref var p0 = ref MemoryMarshal.GetReference(p);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var d0 = ref MemoryMarshal.GetReference(dp);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var (gw, ew) = (Vector512.Create(g), Vector512.Create(epsilon));
            for (; i + 16 <= p.Length; i += 16)
            {
                var pw = Vector512.LoadUnsafe(ref p0, (nuint)i);
                var weight = (Vector512<float>.One - pw) * pw;
                weight = Vector512.ConditionalSelect(Vector512.LessThan(weight, ew), ew, weight);
                var local = (pw - Vector512.LoadUnsafe(ref y0, (nuint)i)) / weight * gw;
                ((write ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref d0, (nuint)i)) + local).StoreUnsafe(ref d0, (nuint)i);
            }
        }

        var (gv, ev, one) = (Vector256.Create(g), Vector256.Create(epsilon), Vector256<float>.One);
        for (; i + 8 <= p.Length; i += 8)
        {
            var pv = Vector256.LoadUnsafe(ref p0, (nuint)i);
            var weight = (one - pv) * pv;
            // MathF.Max's order: a NaN weight stays NaN.
            weight = Vector256.ConditionalSelect(Vector256.LessThan(weight, ev), ev, weight);
            var local = (pv - Vector256.LoadUnsafe(ref y0, (nuint)i)) / weight * gv;
            ((write ? Vector256<float>.Zero : Vector256.LoadUnsafe(ref d0, (nuint)i)) + local).StoreUnsafe(ref d0, (nuint)i);
        }

        for (; i < p.Length; i++)
        {
            dp[i] = (write ? 0f : dp[i]) + ((p[i] - y[i]) / MathF.Max((1f - p[i]) * p[i], epsilon) * g);
        }
    }

    // glibc 2.36's logf in its FMA build (what x86-64 runs where FMA and AVX2 are there): x = 2ᵏ·z, log(x) =
    // log1p(z/c − 1) + log c + k·ln 2 with c from a 16-entry table, in double. Elsewhere the scalar call.
    private static readonly bool VectorLog = Fma.IsSupported && Avx2.IsSupported;

    private const uint LogOffset = 0x3f330000;
    private const double Ln2 = 0.6931471805599453;
    private const double LogA0 = -0.25089342214237154;
    private const double LogA1 = 0.333456765744066;
    private const double LogA2 = -0.4999997485802103;

    // __logf_data.tab: 1/c and log c for each of the 16 subintervals (read from Debian 12's libm.so.6).
    private static readonly double[] LogInvC =
    [
        1.398907162146528, 1.3403141896637998, 1.286432210124115, 1.2367150214269895, 1.1906977166711752, 1.1479821020556429,
        1.1082251448272158, 1.0711297413057381, 1.036437278977283, 1.0, 0.9492859795739057, 0.8951049428609004,
        0.8476821620351103, 0.8050314851692001, 0.7664671008843108, 0.731428603316328,
    ];

    private static readonly double[] LogC =
    [
        -0.33569133332882284, -0.2929040563774074, -0.2518726580937369, -0.21245868807117255, -0.17453945183745634, -0.1380057072319758,
        -0.10275976698545139, -0.06871392447020525, -0.0357891387398228, 0.0, 0.05204517742929496, 0.11081431298787942,
        0.1652495223695143, 0.21687389031699977, 0.2659635028121397, 0.3127556664073557,
    ];

    // The same tables as 16-entry lookups for AVX-512's two-register permute (vpermt2pd): entries 0–7, then 8–15.
    private static readonly bool LogByPermute = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;
    private static readonly Vector512<double> LogInvCLow = Vector512.Create(LogInvC.AsSpan(0, 8));
    private static readonly Vector512<double> LogInvCHigh = Vector512.Create(LogInvC.AsSpan(8, 8));
    private static readonly Vector512<double> LogCLow = Vector512.Create(LogC.AsSpan(0, 8));
    private static readonly Vector512<double> LogCHigh = Vector512.Create(LogC.AsSpan(8, 8));

    /// <summary>
    /// logf of eight values, bit for bit glibc's: with AVX-512 eight lanes in one pass whose table lookups are register
    /// permutes (the same double arithmetic as <see cref="LogOfFour"/>, lane for lane), elsewhere two of those.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> LogOfEight(Vector256<float> x)
    {
        if (!LogByPermute)
        {
            return Vector256.Create(LogOfFour(x.GetLower()), LogOfFour(x.GetUpper()));
        }

        var ix = x.AsUInt32();
        var special = Vector256.GreaterThanOrEqual(ix - Vector256.Create(0x00800000u), Vector256.Create(0x7f800000u - 0x00800000u));
        if (special != Vector256<uint>.Zero)
        {
            return Vector256.Create(LogOfFour(x.GetLower()), LogOfFour(x.GetUpper()));
        }

        var tmp = ix - Vector256.Create(LogOffset);
        var i = Avx512F.ConvertToVector512Int64((tmp >> 19) & Vector256.Create(15u));
        var k = Vector256.ShiftRightArithmetic(tmp.AsInt32(), 23);
        var z = Avx512F.ConvertToVector512Double((ix - (tmp & Vector256.Create(0xff800000u))).AsSingle());
        var invC = Avx512F.PermuteVar8x64x2(LogInvCLow, i, LogInvCHigh);
        var logC = Avx512F.PermuteVar8x64x2(LogCLow, i, LogCHigh);
        var r = Vector512.FusedMultiplyAdd(z, invC, Vector512.Create(-1.0));
        var y0 = Vector512.FusedMultiplyAdd(Avx512F.ConvertToVector512Double(k), Vector512.Create(Ln2), logC);
        var y = Vector512.FusedMultiplyAdd(r, Vector512.Create(LogA1), Vector512.Create(LogA2));
        var r2 = r * r;
        y = Vector512.FusedMultiplyAdd(r2, Vector512.Create(LogA0), y);
        return Avx512F.ConvertToVector256Single(Vector512.FusedMultiplyAdd(r2, y, r + y0));
    }

    /// <summary>logf of four values, bit for bit glibc's (the scalar call takes zero, subnormals, negatives, ∞ and NaN).</summary>
    internal static Vector128<float> LogOfFour(Vector128<float> x)
    {
        var ix = x.AsUInt32();
        // glibc also returns 1's log early, for other rounding modes; to nearest, the path below gives its +0 too.
        var special = Vector128.GreaterThanOrEqual(ix - Vector128.Create(0x00800000u), Vector128.Create(0x7f800000u - 0x00800000u));
        if (special != Vector128<uint>.Zero)
        {
            return Vector128.Create(MathF.Log(x[0]), MathF.Log(x[1]), MathF.Log(x[2]), MathF.Log(x[3]));
        }

        var tmp = ix - Vector128.Create(LogOffset);
        var i = (tmp >> 19) & Vector128.Create(15u);
        var k = Vector128.ShiftRightArithmetic(tmp.AsInt32(), 23);
        var z = Avx.ConvertToVector256Double((ix - (tmp & Vector128.Create(0xff800000u))).AsSingle());
        var invC = Vector256.Create(LogInvC[(int)i[0]], LogInvC[(int)i[1]], LogInvC[(int)i[2]], LogInvC[(int)i[3]]);
        var logC = Vector256.Create(LogC[(int)i[0]], LogC[(int)i[1]], LogC[(int)i[2]], LogC[(int)i[3]]);
        var r = Vector256.FusedMultiplyAdd(z, invC, Vector256.Create(-1.0));
        var y0 = Vector256.FusedMultiplyAdd(Avx.ConvertToVector256Double(k), Vector256.Create(Ln2), logC);
        var y = Vector256.FusedMultiplyAdd(r, Vector256.Create(LogA1), Vector256.Create(LogA2));
        var r2 = r * r;
        y = Vector256.FusedMultiplyAdd(r2, Vector256.Create(LogA0), y);
        return Avx.ConvertToVector128Single(Vector256.FusedMultiplyAdd(r2, y, r + y0));
    }
}
