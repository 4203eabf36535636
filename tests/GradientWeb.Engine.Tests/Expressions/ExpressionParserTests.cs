using GradientWeb.Engine.Expressions;

namespace GradientWeb.Engine.Tests.Expressions;

public sealed class ExpressionParserTests
{
    [Theory]
    [InlineData("-u^2", 3, -9)]
    [InlineData("2^u^2", 3, 512)]
    [InlineData("2*u+4", 3, 10)]
    [InlineData("(1+u)*3", 2, 9)]
    [InlineData("u - 2 - 3", 10, 5)]
    [InlineData("u / 2 / 5", 20, 2)]
    [InlineData("1e-3*u + .5", 1000, 1.5)]
    [InlineData("(u/2 - 1)^2", -10, 36)]
    [InlineData("2^-u", 1, 0.5)]
    [InlineData("+u", 4, 4)]
    public void Evaluates_with_the_usual_precedence(string expression, float u, float expected)
    {
        var model = new FunctionModel(expression);
        model.Parameters().Values[0] = u;
        Assert.Equal(expected, model.Forward(null).Item(), 4);
    }

    [Fact]
    public void Variables_are_the_weights_in_order_of_first_appearance()
    {
        var (_, variables) = ExpressionParser.Parse("3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10");
        Assert.Equal(["u", "v"], variables);
        Assert.Equal(["β", "x_2"], ExpressionParser.Parse("(β/2 - 1)^2 + x_2").Variables);
    }

    [Theory]
    [InlineData("3*u^", 4, "ends too early")]
    [InlineData("3*u + foo(v)", 6, "Unknown function 'foo'")]
    [InlineData("(u + 1", 6, "Missing ')'")]
    [InlineData("u $ v", 2, "Unexpected '$'")]
    [InlineData("u v", 2, "Unexpected 'v'")]
    [InlineData("exp + u", 0, "is a function")]
    [InlineData("1e999*u", 0, "not a finite float32")]
    [InlineData("1 + 2", 0, "no variable")]
    [InlineData("   ", 0, "empty")]
    [InlineData("u + import(os)", 4, "Unknown function 'import'")]
    public void A_bad_expression_says_where(string expression, int position, string message)
    {
        var ex = Assert.Throws<ExpressionException>(() => new FunctionModel(expression));
        Assert.Equal(position, ex.Position);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_and_overlong_input_are_refused_not_crashed()
    {
        Assert.Contains("nests deeper", Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(new string('(', 300) + "u" + new string(')', 300))).Message, StringComparison.Ordinal);
        Assert.Contains("nests deeper", Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(new string('-', 500) + "u")).Message, StringComparison.Ordinal);
        Assert.Contains("longer than", Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(string.Join('+', Enumerable.Repeat("u", 600)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_function_and_operator_has_the_gradient_of_central_differences()
    {
        const string expression = "exp(a/4) + log(b) + sqrt(c) + sin(d) + cos(e) + tanh(f) + sigmoid(g) + abs(h) + a^b + a/b - c*d";
        float[] at = [1.3f, 2.1f, 0.7f, 0.4f, -0.9f, 0.3f, -1.2f, -0.6f];
        var model = new FunctionModel(expression);
        at.CopyTo(model.Parameters().Values);
        var f = model.Forward(null);
        f.Backward();
        var grads = model.Parameters().Grads.ToArray();

        for (var i = 0; i < at.Length; i++)
        {
            var h = 1e-3;
            var numeric = (Evaluate(at, i, h) - Evaluate(at, i, -h)) / (2 * h);
            Assert.True(Math.Abs(numeric - grads[i]) <= 1e-3 * Math.Max(1, Math.Abs(numeric)), $"d/d{model.ParamNames[i]}: autograd {grads[i]}, central difference {numeric}");
        }

        static double Evaluate(float[] at, int i, double h)
        {
            var p = at.Select(v => (double)v).ToArray();
            p[i] += h;
            var (a, b, c, d, e, f, g, hh) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
            return Math.Exp(a / 4) + Math.Log(b) + Math.Sqrt(c) + Math.Sin(d) + Math.Cos(e) + Math.Tanh(f) + (1 / (1 + Math.Exp(-g))) + Math.Abs(hh) + Math.Pow(a, b) + (a / b) - (c * d);
        }
    }
}
