namespace GradientWeb.Engine.Nn;

/// <summary>
/// PyTorch's CPU generator after <c>torch.manual_seed(seed)</c>: MT19937 seeded with the low 32 bits, and float
/// <c>uniform_</c> as ATen draws it (24 random bits, then a fused a·x + b). Hand-written because no package
/// reproduces torch's stream bit for bit, and lecture 003's seeded start must match the notes.
/// </summary>
public sealed class TorchGenerator
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _state = new uint[N];
    private int _next = N;

    public TorchGenerator(ulong seed)
    {
        _state[0] = (uint)(seed & 0xffffffff);
        for (var j = 1; j < N; j++)
        {
            _state[j] = (1812433253u * (_state[j - 1] ^ (_state[j - 1] >> 30))) + (uint)j;
        }
    }

    /// <summary>The next 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_next >= N)
        {
            Twist();
        }

        var y = _state[_next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>
    /// ATen's <c>random64()</c>: two 32-bit outputs. <c>torch.empty((), dtype=torch.int64).random_(generator=g)</c>
    /// draws one, as DataLoader's iterator does for its <c>_base_seed</c> at the start of every epoch.
    /// </summary>
    public ulong NextUInt64()
    {
        ulong high = NextUInt32();
        return (high << 32) | NextUInt32();
    }

    /// <summary>
    /// <c>torch.randperm(n, generator=g)</c> on the CPU for n below 2³²/20 (PyTorch 1.13 through 2.x): the identity,
    /// then for i in 0…n−2 swap r[i] with r[i + random() % (n − i)].
    /// </summary>
    public void RandPerm(Span<int> into)
    {
        var n = into.Length;
        for (var i = 0; i < n; i++)
        {
            into[i] = i;
        }

        for (var i = 0; i < n - 1; i++)
        {
            var z = (int)(NextUInt32() % (uint)(n - i));
            (into[i], into[z + i]) = (into[z + i], into[i]);
        }
    }

    /// <summary><c>torch.randperm(n)</c>'s draws without keeping the permutation (n − 1 outputs).</summary>
    public void SkipRandPerm(int n)
    {
        for (var i = 0; i < n - 1; i++)
        {
            NextUInt32();
        }
    }

    /// <summary><c>tensor.uniform_(from, to)</c> for a float tensor of <paramref name="into"/>'s length.</summary>
    public void Uniform(Span<float> into, double from, double to)
    {
        var low = (float)from;
        var range = (float)to - low;
        for (var i = 0; i < into.Length; i++)
        {
            // ATen: (random() & (2^24 − 1)) · 2^−24, then x·(to − from) + from, contracted to an FMA in its AVX2 kernel.
            var x = (NextUInt32() & 0xffffff) * (1f / (1 << 24));
            into[i] = MathF.FusedMultiplyAdd(x, range, low);
        }
    }

    /// <summary>
    /// <c>nn.Linear(fanIn, out)</c>'s <c>reset_parameters</c>: kaiming_uniform_(a=√5) on the weight, then the bias
    /// uniform in ±1/√fanIn — the bounds computed in double, as Python does.
    /// </summary>
    public void LinearDefaultInit(Span<float> weight, Span<float> bias, int fanIn)
    {
        var a = Math.Sqrt(5.0);
        var gain = Math.Sqrt(2.0 / (1 + (a * a)));
        var weightBound = Math.Sqrt(3.0) * (gain / Math.Sqrt(fanIn));
        Uniform(weight, -weightBound, weightBound);
        var biasBound = 1 / Math.Sqrt(fanIn);
        Uniform(bias, -biasBound, biasBound);
    }

    private void Twist()
    {
        for (var k = 0; k < N; k++)
        {
            var y = (_state[k] & 0x80000000u) | (_state[(k + 1) % N] & 0x7fffffffu);
            _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }

        _next = 0;
    }
}
