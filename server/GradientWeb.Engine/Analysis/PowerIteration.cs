using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Analysis;

/// <summary>The eigenvalue of largest magnitude of a symmetric operator, by power iteration with a Rayleigh quotient.</summary>
internal static class PowerIteration
{
    public static double Largest(Func<double[], double[]> multiply, int size, int maxIterations, double tolerance)
    {
        // A fixed pseudo-random start: a structured one (all ones) can be orthogonal to the top eigenvector.
        var start = new float[size];
        new TorchGenerator(1).Uniform(start, -1, 1);
        var v = Normalise([.. start.Select(s => (double)s + 1e-3)]);
        var lambda = 0.0;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var w = multiply(v);
            var next = v.Zip(w, (a, b) => a * b).Sum();
            var norm = Math.Sqrt(w.Sum(x => x * x));
            if (!(norm > 0) || !double.IsFinite(norm))
            {
                return double.IsFinite(next) ? next : double.NaN;
            }

            v = [.. w.Select(x => x / norm)];
            var converged = Math.Abs(next - lambda) <= tolerance * Math.Abs(next);
            lambda = next;
            if (converged && iteration > 2)
            {
                break;
            }
        }

        return lambda;
    }

    public static Func<double[], double[]> Multiply(double[,] m) => v =>
    {
        var n = v.Length;
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                result[i] += m[i, j] * v[j];
            }
        }

        return result;
    };

    private static double[] Normalise(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }
}
