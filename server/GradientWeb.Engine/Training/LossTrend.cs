namespace GradientWeb.Engine.Training;

/// <summary>
/// Watches a run's losses for "diverging": the last <see cref="Window"/> losses each larger than the one before,
/// and the last above the run's lowest by more than float32 noise (so a converged run's jitter never counts).
/// </summary>
public sealed class LossTrend
{
    public const int Window = 5;
    private const double Noise = 1e-3;

    private readonly float[] _last = new float[Window];
    private int _count;
    private float _lowest = float.PositiveInfinity;

    public void Add(float loss)
    {
        _last[_count % Window] = loss;
        _count++;
        if (loss < _lowest)
        {
            _lowest = loss;
        }
    }

    public bool Growing
    {
        get
        {
            if (_count < Window)
            {
                return false;
            }

            for (var k = 1; k < Window; k++)
            {
                var before = _last[(_count - Window + k - 1) % Window];
                var after = _last[(_count - Window + k) % Window];
                if (!(after > before))
                {
                    return false;
                }
            }

            var final = _last[(_count - 1) % Window];
            return final > _lowest + (Noise * Math.Max(Math.Abs(_lowest), 1e-12));
        }
    }
}
