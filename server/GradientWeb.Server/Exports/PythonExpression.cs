using System.Globalization;
using GradientWeb.Engine.Expressions;

namespace GradientWeb.Server.Exports;

/// <summary>
/// An expression's tree as Python on torch tensors, parenthesised only where Python's precedence would read it
/// otherwise (<c>^</c> becomes <c>**</c>, which like <c>^</c> here binds tighter than unary minus and to the right).
/// </summary>
public static class PythonExpression
{
    private const int Sum = 1, Product = 2, Negation = 3, Power = 4, Atom = 5;

    public static string Write(Expr e, IReadOnlyDictionary<string, string> names) => e switch
    {
        NumberExpr n => n.Value.ToString("R", CultureInfo.InvariantCulture), // Python's int/float arithmetic with a tensor stays float32
        VariableExpr v => names[v.Name],
        CallExpr c => $"torch.{c.Function}({Write(c.Argument, names)})",
        UnaryExpr u => "-" + Wrap(u.Operand, names, Precedence(u.Operand) <= Negation),
        BinaryExpr { Op: '^' } b => $"{Wrap(b.Left, names, Precedence(b.Left) < Atom)}**{Wrap(b.Right, names, Precedence(b.Right) < Power)}",
        BinaryExpr b => $"{Wrap(b.Left, names, Precedence(b.Left) < Precedence(b))} {b.Op} {Wrap(b.Right, names, Precedence(b.Right) <= Precedence(b))}",
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    private static string Wrap(Expr e, IReadOnlyDictionary<string, string> names, bool parenthesise) =>
        parenthesise ? $"({Write(e, names)})" : Write(e, names);

    private static int Precedence(Expr e) => e switch
    {
        BinaryExpr { Op: '+' or '-' } => Sum,
        BinaryExpr { Op: '*' or '/' } => Product,
        UnaryExpr => Negation,
        BinaryExpr => Power,
        _ => Atom,
    };
}
