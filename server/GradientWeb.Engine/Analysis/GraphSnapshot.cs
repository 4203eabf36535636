using GradientWeb.Engine.Autograd;

namespace GradientWeb.Engine.Analysis;

/// <summary>
/// The job's computation graph (lecture 002 draws it with make_dot): inputs, parameters and ops, inputs before
/// the ops that use them, each with a sample of its value and gradient at one moment.
/// </summary>
public sealed record GraphSnapshot(IReadOnlyList<GraphNode> Nodes, int TotalNodes)
{
    /// <summary>Values shown per node: enough to recognise a vector, small for 2000-row data.</summary>
    public const int Sample = 4;

    /// <summary>Larger graphs (long expressions, wide nets) keep the nodes nearest the loss.</summary>
    public const int MaxNodes = 200;

    public static GraphSnapshot From(Plan plan)
    {
        var order = plan.Nodes;
        var first = Math.Max(0, order.Count - MaxNodes);
        var ids = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        var nodes = new List<GraphNode>(order.Count - first);
        for (var i = first; i < order.Count; i++)
        {
            var t = order[i];
            ids[t] = i - first;
            nodes.Add(new GraphNode(
                i - first,
                t.Label ?? t.Op,
                Kind(t),
                t.Op,
                [.. t.Inputs.Where(ids.ContainsKey).Select(input => ids[input])],
                t.Rows,
                t.Cols,
                t.Data[..Math.Min(Sample, t.Length)].ToArray(),
                t.RequiresGrad ? t.Grad[..Math.Min(Sample, t.Length)].ToArray() : null));
        }

        return new GraphSnapshot(nodes, order.Count);
    }

    private static string Kind(Tensor t) =>
        !t.IsLeaf ? "op" : t.RequiresGrad ? "parameter" : t.Length == 1 && t.Label != "x" && t.Label != "y" ? "constant" : "input";
}

/// <param name="Kind"><c>input</c>, <c>parameter</c>, <c>constant</c> or <c>op</c>.</param>
/// <param name="Grad">d(loss)/d(node), sampled; null where no gradient flows (data, constants).</param>
public sealed record GraphNode(int Id, string Label, string Kind, string Op, int[] Inputs, int Rows, int Cols, float[] Value, float[]? Grad);
