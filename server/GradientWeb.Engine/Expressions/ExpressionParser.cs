using System.Globalization;

namespace GradientWeb.Engine.Expressions;

/// <summary>
/// Parses <c>3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10</c> into a tree; nothing is ever evaluated as code. Hand-written
/// recursive descent because the grammar is tiny and every error must point at its position.
/// <code>
/// expr  := term (('+' | '-') term)*
/// term  := unary (('*' | '/') unary)*
/// unary := '-' unary | power                 -u^2 is -(u^2), as in Python
/// power := atom ('^' unary)?                 right-associative: 2^3^2 = 2^9
/// atom  := number | name | name '(' expr ')' | '(' expr ')'
/// </code>
/// </summary>
public sealed class ExpressionParser
{
    public const int MaxLength = 1000;
    private const int MaxDepth = 64;

    public static IReadOnlyList<string> Functions { get; } = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "abs"];

    private readonly string _text;
    private int _pos;
    private int _depth;

    private ExpressionParser(string text) => _text = text;

    /// <summary>The tree and its variables in order of first appearance.</summary>
    public static (Expr Tree, IReadOnlyList<string> Variables) Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ExpressionException(0, "The expression is empty.");
        }

        if (text.Length > MaxLength)
        {
            throw new ExpressionException(MaxLength, $"The expression is longer than {MaxLength} characters.");
        }

        var parser = new ExpressionParser(text);
        var tree = parser.ParseExpr();
        parser.SkipSpace();
        if (parser._pos < text.Length)
        {
            throw new ExpressionException(parser._pos, $"Unexpected '{text[parser._pos]}'.");
        }

        var variables = new List<string>();
        Collect(tree, variables);
        return (tree, variables);
    }

    private static void Collect(Expr e, List<string> variables)
    {
        switch (e)
        {
            case VariableExpr v when !variables.Contains(v.Name):
                variables.Add(v.Name);
                break;
            case UnaryExpr u:
                Collect(u.Operand, variables);
                break;
            case BinaryExpr b:
                Collect(b.Left, variables);
                Collect(b.Right, variables);
                break;
            case CallExpr c:
                Collect(c.Argument, variables);
                break;
        }
    }

    private Expr ParseExpr()
    {
        Enter();
        var left = ParseTerm();
        while (Peek() is '+' or '-')
        {
            var at = _pos;
            var op = _text[_pos++];
            left = new BinaryExpr(at, op, left, ParseTerm());
        }

        _depth--;
        return left;
    }

    private Expr ParseTerm()
    {
        var left = ParseUnary();
        while (Peek() is '*' or '/')
        {
            var at = _pos;
            var op = _text[_pos++];
            left = new BinaryExpr(at, op, left, ParseUnary());
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (Peek() == '-')
        {
            var at = _pos++;
            Enter();
            var operand = ParseUnary();
            _depth--;
            return new UnaryExpr(at, '-', operand);
        }

        if (Peek() == '+')
        {
            _pos++;
            return ParseUnary();
        }

        return ParsePower();
    }

    private Expr ParsePower()
    {
        var atom = ParseAtom();
        if (Peek() != '^')
        {
            return atom;
        }

        var at = _pos++;
        Enter();
        var exponent = ParseUnary();
        _depth--;
        return new BinaryExpr(at, '^', atom, exponent);
    }

    private Expr ParseAtom()
    {
        var c = Peek();
        var at = _pos;
        if (c == '(')
        {
            _pos++;
            var inner = ParseExpr();
            Expect(')');
            return inner;
        }

        if (char.IsAsciiDigit(c) || c == '.')
        {
            return ParseNumber();
        }

        if (char.IsLetter(c) || c == '_')
        {
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            var name = _text[at.._pos];
            if (Peek() == '(')
            {
                if (!Functions.Contains(name))
                {
                    throw new ExpressionException(at, $"Unknown function '{name}'. Known: {string.Join(", ", Functions)}.");
                }

                _pos++;
                var argument = ParseExpr();
                Expect(')');
                return new CallExpr(at, name, argument);
            }

            if (Functions.Contains(name))
            {
                throw new ExpressionException(at, $"'{name}' is a function: write {name}(…).");
            }

            return new VariableExpr(at, name);
        }

        throw new ExpressionException(at, _pos >= _text.Length ? "The expression ends too early." : $"Unexpected '{c}'.");
    }

    private NumberExpr ParseNumber()
    {
        var at = _pos;
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '.'))
        {
            _pos++;
        }

        if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            var save = _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        var token = _text[at.._pos];
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite((float)value))
        {
            throw new ExpressionException(at, $"'{token}' is not a finite float32 number.");
        }

        return new NumberExpr(at, value);
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw new ExpressionException(_pos, _pos >= _text.Length ? $"Missing '{c}' at the end." : $"Expected '{c}', found '{_text[_pos]}'.");
        }

        _pos++;
    }

    private char Peek()
    {
        SkipSpace();
        return _pos < _text.Length ? _text[_pos] : '\0';
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new ExpressionException(_pos, $"The expression nests deeper than {MaxDepth} levels.");
        }
    }
}
