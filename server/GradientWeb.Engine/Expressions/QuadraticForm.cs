namespace GradientWeb.Engine.Expressions;

/// <summary>
/// The Hessian of an expression that is a polynomial of degree at most 2 in its variables, read off its tree in
/// double precision. Such a function's Hessian is the same everywhere, so 2/λmax is exact (lecture 004's
/// (β/2 − 1)² gives exactly 4, not a float32 finite-difference 3.9999).
/// </summary>
public static class QuadraticForm
{
    /// <summary>The constant Hessian, or null when the expression is not a polynomial of degree ≤ 2.</summary>
    public static double[,]? Hessian(Expr tree, IReadOnlyList<string> variables)
    {
        var p = Expand(tree, variables);
        if (p is null)
        {
            return null;
        }

        var n = variables.Count;
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                // c·xᵢ² contributes 2c on the diagonal; c·xᵢxⱼ (stored once per ordered pair) contributes c off it.
                h[i, j] = i == j ? 2 * p.Q[i, i] : p.Q[i, j] + p.Q[j, i];
            }
        }

        return h;
    }

    /// <summary>c + Σ bᵢxᵢ + Σ Qᵢⱼxᵢxⱼ; degree is 0, 1 or 2.</summary>
    private sealed record Poly(double C, double[] B, double[,] Q)
    {
        public int Degree
        {
            get
            {
                foreach (var q in Q)
                {
                    if (q != 0)
                    {
                        return 2;
                    }
                }

                return B.Any(b => b != 0) ? 1 : 0;
            }
        }

        public static Poly Constant(double c, int n) => new(c, new double[n], new double[n, n]);

        public Poly Map(Func<double, double> f)
        {
            var n = B.Length;
            var q = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    q[i, j] = f(Q[i, j]);
                }
            }

            return new Poly(f(C), [.. B.Select(f)], q);
        }

        public Poly Add(Poly o, double sign)
        {
            var n = B.Length;
            var q = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    q[i, j] = Q[i, j] + (sign * o.Q[i, j]);
                }
            }

            return new Poly(C + (sign * o.C), [.. B.Zip(o.B, (a, b) => a + (sign * b))], q);
        }

        public Poly? Multiply(Poly o)
        {
            if (Degree + o.Degree > 2)
            {
                return null;
            }

            if (Degree == 0)
            {
                return o.Map(v => v * C);
            }

            if (o.Degree == 0)
            {
                return Map(v => v * o.C);
            }

            // Both linear: (c + bx)(c' + b'x) = cc' + (cb' + c'b)x + Σ bᵢb'ⱼ xᵢxⱼ.
            var n = B.Length;
            var q = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    q[i, j] = B[i] * o.B[j];
                }
            }

            return new Poly(C * o.C, [.. B.Zip(o.B, (b, ob) => (C * ob) + (o.C * b))], q);
        }
    }

    private static Poly? Expand(Expr e, IReadOnlyList<string> variables)
    {
        var n = variables.Count;
        switch (e)
        {
            case NumberExpr number:
                return Poly.Constant(number.Value, n);
            case VariableExpr v:
                var b = new double[n];
                b[IndexOf(variables, v.Name)] = 1;
                return new Poly(0, b, new double[n, n]);
            case UnaryExpr u:
                return Expand(u.Operand, variables)?.Map(x => -x);
            case BinaryExpr { Op: '+' or '-' } sum:
                var l = Expand(sum.Left, variables);
                var r = Expand(sum.Right, variables);
                return l is null || r is null ? null : l.Add(r, sum.Op == '+' ? 1 : -1);
            case BinaryExpr { Op: '*' } product:
                var pl = Expand(product.Left, variables);
                var pr = Expand(product.Right, variables);
                return pl is null || pr is null ? null : pl.Multiply(pr);
            case BinaryExpr { Op: '/' } quotient:
                var numerator = Expand(quotient.Left, variables);
                var denominator = Expand(quotient.Right, variables);
                return numerator is null || denominator is not { Degree: 0, C: not 0 } ? null : numerator.Map(x => x / denominator.C);
            case BinaryExpr { Op: '^' } power:
                var bas = Expand(power.Left, variables);
                var exponent = Expand(power.Right, variables);
                if (bas is null || exponent is not { Degree: 0 })
                {
                    return null;
                }

                var k = exponent.C;
                if (bas.Degree == 0)
                {
                    return Poly.Constant(Math.Pow(bas.C, k), n);
                }

                return k switch
                {
                    0 => Poly.Constant(1, n),
                    1 => bas,
                    2 => bas.Multiply(bas),
                    _ => null,
                };
            default:
                return null; // exp, log, sin, …: not a polynomial
        }
    }

    private static int IndexOf(IReadOnlyList<string> variables, string name)
    {
        for (var i = 0; i < variables.Count; i++)
        {
            if (variables[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{name}' is not one of the expression's variables.", nameof(variables));
    }
}
