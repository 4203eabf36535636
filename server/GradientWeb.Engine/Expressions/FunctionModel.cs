using GradientWeb.Engine.Autograd;
using GradientWeb.Engine.Autograd.Ops;
using GradientWeb.Engine.Nn;

namespace GradientWeb.Engine.Expressions;

/// <summary>
/// Minimise an expression directly (lectures 002 and 004): its variables are the weights, in order of first
/// appearance, and its value is the loss. Each variable is a [1x1] parameter; the tree becomes autograd ops.
/// </summary>
public sealed class FunctionModel : Module
{
    private readonly Expr _tree;
    private readonly ParameterVector _parameters;
    private readonly Dictionary<string, Tensor> _variables;

    public FunctionModel(string expression)
    {
        (_tree, var variables) = ExpressionParser.Parse(expression);
        if (variables.Count == 0)
        {
            throw new ExpressionException(0, "The expression has no variable to minimise over.");
        }

        ParamNames = variables;
        _parameters = new ParameterVector(variables.Select(v => (v, 1, 1)));
        _variables = variables.Zip(_parameters.Tensors).ToDictionary(p => p.First, p => p.Second);
    }

    public override IReadOnlyList<string> ParamNames { get; }

    /// <summary>The Hessian when the expression is a polynomial of degree ≤ 2 (the same at every point), else null.</summary>
    public double[,]? ConstantHessian => QuadraticForm.Hessian(_tree, ParamNames);

    public override ParameterVector Parameters() => _parameters;

    /// <summary>
    /// No PyTorch module to mirror: a seed draws each variable uniform in [−1, 1), as
    /// <c>torch.manual_seed(seed); torch.empty(n).uniform_(-1, 1)</c> does.
    /// </summary>
    public override void ResetParameters(TorchGenerator generator) => generator.Uniform(_parameters.Values, -1, 1);

    /// <summary>The expression's value as a graph over the variables; no data.</summary>
    public override Tensor Forward(Tensor? x) => Build(_tree);

    private Tensor Build(Expr e) => e switch
    {
        NumberExpr n => Tensor.Scalar((float)n.Value),
        VariableExpr v => _variables[v.Name],
        UnaryExpr u => new Negate(Build(u.Operand)),
        BinaryExpr { Op: '^', Right: NumberExpr p } b => new PowerConstant(Build(b.Left), (float)p.Value),
        BinaryExpr { Op: '^', Right: UnaryExpr { Operand: NumberExpr p } } b => new PowerConstant(Build(b.Left), -(float)p.Value),
        BinaryExpr b => b.Op switch
        {
            '+' => new Add(Build(b.Left), Build(b.Right)),
            '-' => new Subtract(Build(b.Left), Build(b.Right)),
            '*' => new Multiply(Build(b.Left), Build(b.Right)),
            '/' => new Divide(Build(b.Left), Build(b.Right)),
            _ => new Power(Build(b.Left), Build(b.Right)),
        },
        CallExpr c => c.Function switch
        {
            "exp" => new Exp(Build(c.Argument)),
            "log" => new Log(Build(c.Argument)),
            "sqrt" => new Sqrt(Build(c.Argument)),
            "sin" => new Sin(Build(c.Argument)),
            "cos" => new Cos(Build(c.Argument)),
            "tanh" => new Tanh(Build(c.Argument)),
            "sigmoid" => new Sigmoid(Build(c.Argument)),
            _ => new Abs(Build(c.Argument)),
        },
        _ => throw new ExpressionException(e.Position, "Unsupported expression."),
    };
}
