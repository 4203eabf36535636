using GradientWeb.Engine.Expressions;
using TorchSharp;
using static TorchSharp.torch;

namespace GradientWeb.Engine.TorchSharp;

/// <summary>An expression's tree (our parser's) as libtorch ops over its variables: what PyTorch code would write.</summary>
internal static class TorchExpression
{
    public static Tensor Build(Expr e, IReadOnlyDictionary<string, Tensor> variables) => e switch
    {
        NumberExpr n => torch.tensor((float)n.Value),
        VariableExpr v => variables[v.Name],
        UnaryExpr u => -Build(u.Operand, variables),
        // A constant exponent is a Python number in PyTorch (x ** 2), not a tensor: pow with a scalar.
        BinaryExpr { Op: '^', Right: NumberExpr p } b => Build(b.Left, variables).pow((float)p.Value),
        BinaryExpr { Op: '^', Right: UnaryExpr { Operand: NumberExpr p } } b => Build(b.Left, variables).pow(-(float)p.Value),
        BinaryExpr b => b.Op switch
        {
            '+' => Build(b.Left, variables) + Build(b.Right, variables),
            '-' => Build(b.Left, variables) - Build(b.Right, variables),
            '*' => Build(b.Left, variables) * Build(b.Right, variables),
            '/' => Build(b.Left, variables) / Build(b.Right, variables),
            _ => Build(b.Left, variables).pow(Build(b.Right, variables)),
        },
        CallExpr c => c.Function switch
        {
            "exp" => torch.exp(Build(c.Argument, variables)),
            "log" => torch.log(Build(c.Argument, variables)),
            "sqrt" => torch.sqrt(Build(c.Argument, variables)),
            "sin" => torch.sin(Build(c.Argument, variables)),
            "cos" => torch.cos(Build(c.Argument, variables)),
            "tanh" => torch.tanh(Build(c.Argument, variables)),
            "sigmoid" => torch.sigmoid(Build(c.Argument, variables)),
            _ => torch.abs(Build(c.Argument, variables)),
        },
        _ => throw new ExpressionException(e.Position, "Unsupported expression."),
    };
}
