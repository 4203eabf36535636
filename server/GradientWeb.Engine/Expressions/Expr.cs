namespace GradientWeb.Engine.Expressions;

/// <summary>The syntax tree of an expression to minimise; <see cref="Position"/> is where it starts, for errors.</summary>
public abstract record Expr(int Position);

public sealed record NumberExpr(int Position, double Value) : Expr(Position);

public sealed record VariableExpr(int Position, string Name) : Expr(Position);

public sealed record UnaryExpr(int Position, char Op, Expr Operand) : Expr(Position);

public sealed record BinaryExpr(int Position, char Op, Expr Left, Expr Right) : Expr(Position);

public sealed record CallExpr(int Position, string Function, Expr Argument) : Expr(Position);

/// <summary>An expression that does not parse, with the 0-based character position at fault.</summary>
public sealed class ExpressionException(int position, string message) : Exception($"{message} (at position {position})")
{
    public int Position { get; } = position;
}
