using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Data;

/// <summary>What to generate: <c>{ "generate": "moons", "n": 200, "noise": 0.1, "seed": 7 }</c>.</summary>
public sealed record GeneratorSpec(string Kind, int? N = null, double? Noise = null, IReadOnlyList<double>? Weights = null, ulong Seed = 0);

/// <summary>
/// Synthetic data sets, reproducible from their seed: the same spec always gives the same points (PyTorch's
/// MT19937 stream drives every draw; normals by Box–Muller).
/// </summary>
public static class Generators
{
    public const int MaxPoints = 100_000;

    public static IReadOnlyList<string> Kinds { get; } = ["linear", "logistic", "xor", "circle", "spiral", "moons"];

    public static DataSet Generate(GeneratorSpec spec)
    {
        var kind = Kinds.FirstOrDefault(k => string.Equals(k, spec.Kind, StringComparison.OrdinalIgnoreCase))
            ?? throw new SpecException("dataset.generate", $"Unknown generator '{spec.Kind}'. Known: {string.Join(", ", Kinds)}.");
        var n = spec.N ?? (kind == "linear" ? 100 : kind == "logistic" ? 2000 : 200);
        if (n is < 2 or > MaxPoints)
        {
            throw new SpecException("dataset.n", $"n must be between 2 and {MaxPoints}; got {n}.");
        }

        var noise = spec.Noise ?? (kind switch { "linear" => 0.5, "logistic" => 0, "xor" => 0.1, "circle" => 0.05, "spiral" => 0.05, _ => 0.1 });
        if (!double.IsFinite(noise) || noise is < 0 or > 100)
        {
            throw new SpecException("dataset.noise", "noise must be a number from 0 to 100.");
        }

        if (spec.Weights is not null && kind is not ("linear" or "logistic"))
        {
            throw new SpecException("dataset.weights", $"Only the linear and logistic generators take weights; '{kind}' does not.");
        }

        if (kind is "logistic" && spec.Noise is not null)
        {
            throw new SpecException("dataset.noise", "The logistic generator's noise is its Bernoulli draw; it takes no noise.");
        }

        var random = new Draws(spec.Seed);
        var description = $"Generated: {kind}, n = {n}, seed = {spec.Seed}";
        return kind switch
        {
            "linear" => Linear(n, Weights(spec.Weights, [2.5, 4]), noise, random, description),
            "logistic" => Logistic(n, Weights(spec.Weights, [-1, 5]), random, description),
            _ => TwoClasses(kind, n, noise, random, description + $", noise = {noise}"),
        };
    }

    private static double[] Weights(IReadOnlyList<double>? given, double[] fallback)
    {
        var weights = given?.ToArray() ?? fallback;
        if (weights.Length is < 2 or > 17 || !weights.All(double.IsFinite))
        {
            throw new SpecException("dataset.weights", "weights are [w0, w1, …]: 2 to 17 finite numbers (a bias and 1 to 16 features).");
        }

        return weights;
    }

    // Lecture 000's recipe: x ~ N(0, 1) (sorted when there is one feature), y = w0 + w·x + noise·ε.
    private static DataSet Linear(int n, double[] w, double noise, Draws random, string description)
    {
        var d = w.Length - 1;
        var x = Enumerable.Range(0, d).Select(_ => random.Normals(n)).ToArray();
        if (d == 1)
        {
            Array.Sort(x[0]);
        }

        var eps = random.Normals(n);
        var underlying = new float[n];
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            var mean = w[0];
            for (var j = 0; j < d; j++)
            {
                mean += w[j + 1] * x[j][i];
            }

            underlying[i] = (float)mean;
            y[i] = (float)(mean + (noise * eps[i]));
        }

        return new DataSet("linear", Names(d), "y", x, y, description + $", weights = [{string.Join(", ", w)}], noise = {noise}", "generator")
        {
            Underlying = underlying,
        };
    }

    // Lecture 003's recipe: x evenly spaced on [-1, 1] (uniform draws for several features), y ~ Bernoulli(σ(w0 + w·x)).
    private static DataSet Logistic(int n, double[] w, Draws random, string description)
    {
        var d = w.Length - 1;
        var x = d == 1
            ? [Enumerable.Range(0, n).Select(i => (float)(-1 + (2.0 * i / (n - 1)))).ToArray()]
            : Enumerable.Range(0, d).Select(_ => random.Uniforms(n, -1, 1)).ToArray();
        var u = random.Uniforms(n, 0, 1);
        var underlying = new float[n];
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            var z = w[0];
            for (var j = 0; j < d; j++)
            {
                z += w[j + 1] * x[j][i];
            }

            var p = 1 / (1 + Math.Exp(-z));
            underlying[i] = (float)p;
            y[i] = u[i] < p ? 1f : 0f;
        }

        return new DataSet("logistic", Names(d), "y", x, y, description + $", weights = [{string.Join(", ", w)}]", "generator") { Underlying = underlying };
    }

    // Two features, labels 0/1; coordinates jittered by noise·ε after the label is fixed.
    private static DataSet TwoClasses(string kind, int n, double noise, Draws random, string description)
    {
        var x1 = new float[n];
        var x2 = new float[n];
        var y = new float[n];
        var half = n / 2;
        var a = random.Uniforms(n, -1, 1);
        var b = random.Uniforms(n, -1, 1);
        for (var i = 0; i < n; i++)
        {
            var label = i < half ? 0 : 1;
            var k = label == 0 ? i : i - half;
            var m = label == 0 ? half : n - half;
            var t = m == 1 ? 0 : (double)k / (m - 1);
            (double p, double q, label) = kind switch
            {
                "xor" => (a[i], b[i], a[i] * b[i] > 0 ? 0 : 1),
                "circle" => label == 0 ? (Math.Cos(2 * Math.PI * t), Math.Sin(2 * Math.PI * t), 0) : (0.5 * Math.Cos(2 * Math.PI * t), 0.5 * Math.Sin(2 * Math.PI * t), 1),
                "spiral" => (t * Math.Cos((4 * Math.PI * t) + (label * Math.PI)), t * Math.Sin((4 * Math.PI * t) + (label * Math.PI)), label),
                _ => label == 0 ? (Math.Cos(Math.PI * t), Math.Sin(Math.PI * t), 0) : (1 - Math.Cos(Math.PI * t), 0.5 - Math.Sin(Math.PI * t), 1),
            };
            x1[i] = (float)p;
            x2[i] = (float)q;
            y[i] = label;
        }

        var e1 = random.Normals(n);
        var e2 = random.Normals(n);
        for (var i = 0; i < n; i++)
        {
            x1[i] += (float)(noise * e1[i]);
            x2[i] += (float)(noise * e2[i]);
        }

        return new DataSet(kind, ["x1", "x2"], "y", [x1, x2], y, description, "generator");
    }

    private static string[] Names(int d) => d == 1 ? ["x"] : [.. Enumerable.Range(1, d).Select(j => $"x{j}")];

    /// <summary>Uniform and normal draws from one seeded MT19937 stream.</summary>
    private sealed class Draws(ulong seed)
    {
        private readonly TorchGenerator _generator = new(seed);

        public float[] Uniforms(int n, double from, double to)
        {
            var values = new float[n];
            _generator.Uniform(values, from, to);
            return values;
        }

        // Box–Muller on pairs of uniforms in (0, 1]: no library needed for reproducible normals.
        public float[] Normals(int n)
        {
            var u = Uniforms(2 * n, 0, 1);
            var values = new float[n];
            for (var i = 0; i < n; i++)
            {
                var r = Math.Sqrt(-2 * Math.Log(1.0 - u[2 * i]));
                values[i] = (float)(r * Math.Cos(2 * Math.PI * u[(2 * i) + 1]));
            }

            return values;
        }
    }
}
