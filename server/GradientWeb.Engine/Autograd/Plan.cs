namespace GradientWeb.Engine.Autograd;

/// <summary>
/// A graph compiled once into topological order (teenygrad's idea): each epoch re-evaluates the same nodes into
/// the same buffers and walks them back, so the training loop allocates nothing.
/// </summary>
public sealed class Plan
{
    private readonly Tensor[] _order;
    private readonly Tensor[] _cleared;
    private readonly bool[] _writes;
    private readonly RowDot[] _rowDots;

    // A root whose backward reads only its inputs (BCE's gradient is (p − y)/…): a training step can compute its value
    // inside the weight gradients' loop (ForwardBackward); null where there is no such loop to hide it in.
    private readonly Ops.BinaryCrossEntropy? _lossBesideDots;

    public Plan(Tensor root)
    {
        Root = root;
        _order = TopologicalOrder(root);
        _writes = FirstInputWriters(_order, root);
        var written = _order.Where((_, i) => _writes[i]).Select(t => t.Inputs[0]).ToHashSet();
        _cleared = _order.Where(t => !t.IsLeaf && t.RequiresGrad && !written.Contains(t)).ToArray();
        _rowDots = NarrowWeightDots(_order);
        _lossBesideDots = root is Ops.BinaryCrossEntropy bce && _rowDots.Any(d => d.A.Length == bce.Inputs[0].Length) ? bce : null;
    }

    public Tensor Root { get; }

    /// <summary>Every node, inputs before the ops that use them.</summary>
    public IReadOnlyList<Tensor> Nodes => _order;

    /// <summary>Recomputes every op from the current leaves (the parameters just stepped).</summary>
    public void Forward()
    {
        foreach (var node in _order)
        {
            node.Evaluate();
        }
    }

    /// <summary>
    /// <see cref="Forward"/> then <see cref="Backward"/>, as one training step needs them, with the same bits. Where
    /// the loss's value is not needed for its gradient, it is computed last, inside the narrow weight gradients' loop:
    /// that loop is one long chain of dependent adds, and BCE's logs (a fifth of a 1→2→1 step) fit in its idle units.
    /// </summary>
    public void ForwardBackward()
    {
        if (_lossBesideDots is null)
        {
            Forward();
            Backward();
            return;
        }

        for (var i = 0; i < _order.Length - 1; i++)
        {
            _order[i].Evaluate();
        }

        if (!Walk())
        {
            Root.Evaluate();
            return;
        }

        var rows = _lossBesideDots.ElementwiseRows();
        Kernels.AccumulateRowDots(_rowDots, ref rows);
        _lossBesideDots.Reduce();
    }

    /// <summary>d(root)/d(leaf), accumulated into the leaves' gradients; intermediate gradients start from zero.</summary>
    public void Backward()
    {
        if (Walk())
        {
            AccumulateNarrowWeightGradients();
        }
    }

    // The backward walk but for the narrow weight gradients; false where there is nothing to walk.
    private bool Walk()
    {
        if (Root.Length != 1)
        {
            throw new InvalidOperationException("Backward needs a scalar root (a loss), as in PyTorch.");
        }

        if (!Root.RequiresGrad)
        {
            return false;
        }

        foreach (var node in _cleared)
        {
            node.Grad.Clear();
        }

        Root.Grad[0] = 1f;
        for (var i = _order.Length - 1; i >= 0; i--)
        {
            var node = _order[i];
            if (node.RequiresGrad && !node.IsLeaf)
            {
                // Set on every walk, not once: a node may sit in another plan where it is not its input's only use.
                node.WritesFirstInputGrad = _writes[i];
                node.BackwardLocal();
            }
        }

        return true;
    }

    /// <summary>The weight gradients of the narrow linear layers, all at once (the end of <see cref="Backward"/>).</summary>
    internal void AccumulateNarrowWeightGradients() => Kernels.AccumulateRowDots(_rowDots);

    // Each narrow layer's weight gradient is a few long dot products, each a chain of dependent adds in row order (the
    // reference BLAS's): run one layer at a time they wait on the adder in turn, run side by side they overlap. Only a
    // weight no other node uses, so nothing else adds into its gradient in between.
    private static RowDot[] NarrowWeightDots(Tensor[] order)
    {
        var uses = order.SelectMany(t => t.Inputs).CountBy(t => t).ToDictionary();
        return [.. order.OfType<Ops.Linear>().Reverse().Where(l => uses[l.Weight] == 1).SelectMany(l => l.HandWeightDotsToPlan())];
    }

    // Which ops write (rather than add into) their first input's gradient: where that input is an op's output with a
    // gradient, not the root, and this op is its only use in the plan, nothing else adds into it, so +0 + the op's part
    // is the whole gradient, bit for bit what clearing it and adding would give.
    private static bool[] FirstInputWriters(Tensor[] order, Tensor root)
    {
        var uses = order.SelectMany(t => t.Inputs).CountBy(t => t).ToDictionary();
        return [.. order.Select(t => t.CanWriteFirstInputGrad && t.RequiresGrad && !t.IsLeaf && t.Inputs[0] is { IsLeaf: false, RequiresGrad: true } input
            && !ReferenceEquals(input, root) && uses[input] == 1)];
    }

    private static Tensor[] TopologicalOrder(Tensor root)
    {
        // Iterative depth-first post-order: deep expression graphs must not overflow the stack.
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, int Next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.Inputs.Count)
            {
                stack.Push((node, next + 1));
                var input = node.Inputs[next];
                if (visited.Add(input))
                {
                    stack.Push((input, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }

        return [.. order];
    }
}
