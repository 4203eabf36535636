using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Nn;
using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Analysis;

/// <summary>Computes <see cref="StartDiagnostics"/> at θ₀ and leaves θ, the gradients and the plan as it found them.</summary>
internal static class StartAnalysis
{
    /// <summary>Central differences cost two forward passes per weight; past this many weights only the first are checked.</summary>
    public const int MaxNumericWeights = 128;

    private const int HessianIterations = 30;

    /// <param name="leastSquares">The training-space data when the job is linear with sse/mse, whose Hessian is exact.</param>
    /// <param name="constantHessian">The Hessian when it is the same everywhere (a quadratic function model), else null.</param>
    /// <param name="optimizer">The job's (normalised) optimizer and <paramref name="lr"/>: the bound it is judged by.</param>
    /// <param name="cancellationToken">Checked between probes: analysis beside a cancelled job's training stops with it.</param>
    public static StartDiagnostics Analyse(
        Plan plan,
        ParameterVector parameters,
        DataSet? leastSquares,
        LossKind loss,
        double[,]? constantHessian,
        double lr,
        OptimizerSpec optimizer,
        CancellationToken cancellationToken = default)
    {
        var theta0 = parameters.Values.ToArray();
        try
        {
            var gradient = Gradient(plan, parameters);
            var numeric = NumericGradient(plan, parameters, theta0, cancellationToken);
            var maxRelative = MaxRelativeDifference(gradient, numeric);
            var hessian = leastSquares is not null ? LeastSquares.Hessian(leastSquares, loss) : constantHessian;
            var gradientNorm = Norm(gradient, gradient.Length);
            double lambda;
            BoundKind kind;
            if (hessian is not null)
            {
                lambda = PowerIteration.Largest(PowerIteration.Multiply(hessian), theta0.Length, 10_000, 1e-15);
                kind = BoundKind.Exact;
            }
            else
            {
                lambda = PowerIteration.Largest(
                    v =>
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        return HessianVector(plan, parameters, theta0, v);
                    },
                    theta0.Length,
                    HessianIterations,
                    1e-4);
                kind = gradientNorm < HealthRules.PlateauGradientNorm ? BoundKind.Plateau : BoundKind.Estimated;
            }

            double? top = double.IsFinite(lambda) ? lambda : null;
            var closedForm = leastSquares is not null ? LeastSquares.Solve(leastSquares) : null;
            return new StartDiagnostics(gradient, numeric, maxRelative, closedForm, top, Bound(lambda), BoundIsEstimate: kind != BoundKind.Exact)
            {
                Kind = kind,
                Lr = lr,
                OptimizerBound = top is { } l && l > 0 ? HealthRules.OptimizerBound(l, optimizer) : null,
                CheckedWeights = numeric.Length,
                GradientCheckError = CheckError(gradient, numeric),
                GradientNorm = gradientNorm,
            };
        }
        finally
        {
            theta0.CopyTo(parameters.Values);
            parameters.Grads.Clear();
            plan.Forward();
        }
    }

    /// <summary>
    /// The check judged on the whole vector of checked weights, paired index by index: a net with more weights
    /// than <see cref="MaxNumericWeights"/> compares only the first ones, never 129 against 128.
    /// </summary>
    internal static double CheckError(ReadOnlySpan<float> gradient, ReadOnlySpan<float> numeric)
    {
        var n = Math.Min(gradient.Length, numeric.Length);
        double diff = 0, g2 = 0, n2 = 0;
        for (var i = 0; i < n; i++)
        {
            double g = gradient[i], m = numeric[i];
            diff += (g - m) * (g - m);
            g2 += g * g;
            n2 += m * m;
        }

        var scale = Math.Sqrt(Math.Max(g2, n2));
        return scale > 0 ? Math.Sqrt(diff) / scale : 0;
    }

    private static double Norm(ReadOnlySpan<float> v, int n)
    {
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += (double)v[i] * v[i];
        }

        return Math.Sqrt(sum);
    }

    private static double? Bound(double lambda) => lambda > 0 && double.IsFinite(lambda) ? 2 / lambda : null;

    private static float[] Gradient(Plan plan, ParameterVector parameters)
    {
        parameters.Grads.Clear();
        plan.Forward();
        plan.Backward();
        return parameters.Grads.ToArray();
    }

    private static float[] NumericGradient(Plan plan, ParameterVector parameters, float[] theta0, CancellationToken cancellationToken)
    {
        // ∛ε balances float32 rounding in L against the h² truncation error of central differences.
        var cubeRootEps = Math.Cbrt(1.1920929e-7);
        var result = new float[Math.Min(theta0.Length, MaxNumericWeights)];
        for (var i = 0; i < result.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var h = (float)(cubeRootEps * Math.Max(1.0, Math.Abs(theta0[i])));
            var values = parameters.Values;
            values[i] = theta0[i] + h;
            var up = theta0[i] + h - theta0[i];
            plan.Forward();
            double plus = plan.Root.Data[0];
            values[i] = theta0[i] - h;
            var down = theta0[i] - (theta0[i] - h);
            plan.Forward();
            double minus = plan.Root.Data[0];
            values[i] = theta0[i];
            result[i] = (float)((plus - minus) / (up + down));
        }

        return result;
    }

    internal static double MaxRelativeDifference(float[] gradient, float[] numeric)
    {
        var largest = gradient.Length == 0 ? 0 : gradient.Max(g => Math.Abs((double)g));
        var floor = Math.Max(1e-3 * largest, 1e-12);
        var worst = 0.0;
        for (var i = 0; i < numeric.Length; i++)
        {
            var scale = Math.Max(Math.Max(Math.Abs((double)gradient[i]), Math.Abs((double)numeric[i])), floor);
            worst = Math.Max(worst, Math.Abs((double)gradient[i] - numeric[i]) / scale);
        }

        return worst;
    }

    // Hv ≈ (∇L(θ₀ + εv) − ∇L(θ₀ − εv)) / 2ε: a Hessian-vector product from two backward passes.
    private static double[] HessianVector(Plan plan, ParameterVector parameters, float[] theta0, double[] v)
    {
        var norm = Math.Sqrt(theta0.Sum(t => (double)t * t));
        var eps = 1e-3 * Math.Max(1.0, norm);
        var plus = GradientAt(plan, parameters, theta0, v, eps);
        var minus = GradientAt(plan, parameters, theta0, v, -eps);
        return [.. plus.Zip(minus, (p, m) => (p - m) / (2 * eps))];
    }

    private static double[] GradientAt(Plan plan, ParameterVector parameters, float[] theta0, double[] v, double eps)
    {
        var values = parameters.Values;
        for (var i = 0; i < theta0.Length; i++)
        {
            values[i] = (float)(theta0[i] + (eps * v[i]));
        }

        var g = Gradient(plan, parameters);
        return [.. g.Select(x => (double)x)];
    }
}
