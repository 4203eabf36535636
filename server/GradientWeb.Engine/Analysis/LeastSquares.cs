using GradientWeb.Engine.Data;
using GradientWeb.Engine.Losses;

namespace GradientWeb.Engine.Analysis;

/// <summary>Linear least squares in double: the normal equations' solution and the exact Hessian of sse/mse.</summary>
internal static class LeastSquares
{
    /// <summary>(XᵀX)⁻¹Xᵀy with X = [1, x₁, …] (θ's order), or null when XᵀX is numerically singular.</summary>
    public static double[]? Solve(DataSet data)
    {
        var (a, b) = NormalEquations(data);
        return SolveInPlace(a, b);
    }

    /// <summary>H = 2XᵀX for sse, 2XᵀX/n for mse; constant in θ.</summary>
    public static double[,] Hessian(DataSet data, LossKind loss)
    {
        var (a, _) = NormalEquations(data);
        var factor = loss == LossKind.Mse ? 2.0 / data.Rows : 2.0;
        var n = a.GetLength(0);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[i, j] *= factor;
            }
        }

        return a;
    }

    private static (double[,] A, double[] B) NormalEquations(DataSet data)
    {
        var n = data.Features + 1;
        double Column(int j, int row) => j == 0 ? 1.0 : data.X[j - 1][row];
        var a = new double[n, n];
        var b = new double[n];
        for (var row = 0; row < data.Rows; row++)
        {
            for (var i = 0; i < n; i++)
            {
                var xi = Column(i, row);
                b[i] += xi * data.Y[row];
                for (var j = 0; j < n; j++)
                {
                    a[i, j] += xi * Column(j, row);
                }
            }
        }

        return (a, b);
    }

    // Gaussian elimination with partial pivoting: d + 1 unknowns, so no library is worth a dependency here.
    private static double[]? SolveInPlace(double[,] a, double[] b)
    {
        var n = b.Length;
        var scale = 0.0;
        for (var i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(a[i, i]));
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (!(Math.Abs(a[pivot, col]) > 1e-12 * scale))
            {
                return null;
            }

            for (var k = 0; k < n; k++)
            {
                (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            }

            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (var row = col + 1; row < n; row++)
            {
                var f = a[row, col] / a[col, col];
                for (var k = col; k < n; k++)
                {
                    a[row, k] -= f * a[col, k];
                }

                b[row] -= f * b[col];
            }
        }

        var result = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = b[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= a[row, k] * result[k];
            }

            result[row] = sum / a[row, row];
        }

        return result.All(double.IsFinite) ? result : null;
    }
}
