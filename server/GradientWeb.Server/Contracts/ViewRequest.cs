namespace GradientWeb.Server.Contracts;

/// <summary>
/// How the page should draw a job, never how it trains: the lecture's own axes and what the data were made from.
/// Keyed by weight name (<c>paramNames</c>): <c>{ "domain": { "b": [-10, 10] }, "truth": { "w0": -1, "w1": 5 } }</c>.
/// </summary>
public sealed record ViewRequest
{
    /// <summary>The run's own name (a preset's "α = 0.01/6"), which a comparison keeps; at most 200 characters.</summary>
    public string? Label { get; init; }

    /// <summary>The loss landscape's and grid search's range per weight, [min, max] (lecture 004 searches β ∈ [−10, 10]).</summary>
    public IReadOnlyDictionary<string, double[]>? Domain { get; init; }

    /// <summary>The weights the data set was generated from, marked on the landscape (lecture 003's (−1, 5)).</summary>
    public IReadOnlyDictionary<string, double>? Truth { get; init; }

    /// <summary>What the lecture notes print for this run, to say how they pair loss and weights (see <see cref="NotesLine"/>).</summary>
    public NotesLine? Notes { get; init; }

    /// <summary>Throws <see cref="RequestValidationException"/> naming the entry that is not a weight or not a range.</summary>
    public void Check(IReadOnlyList<string> paramNames)
    {
        if (Label is { Length: > 200 })
        {
            throw new RequestValidationException("view.label", "A label is at most 200 characters.");
        }

        foreach (var (name, range) in Domain ?? new Dictionary<string, double[]>())
        {
            var field = $"view.domain.{name}";
            if (!paramNames.Contains(name))
            {
                throw new RequestValidationException(field, $"'{name}' is not one of this model's weights ({string.Join(", ", paramNames)}).");
            }

            if (range is not [var min, var max] || !double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            {
                throw new RequestValidationException(field, "A domain is [min, max] with finite min < max.");
            }
        }

        foreach (var (name, value) in Truth ?? new Dictionary<string, double>())
        {
            if (!paramNames.Contains(name))
            {
                throw new RequestValidationException($"view.truth.{name}", $"'{name}' is not one of this model's weights ({string.Join(", ", paramNames)}).");
            }

            if (!double.IsFinite(value))
            {
                throw new RequestValidationException($"view.truth.{name}", "A true weight is a finite number.");
            }
        }

        CheckNotes(paramNames);
    }

    /// <param name="paramNames">The model's weights.</param>
    private void CheckNotes(IReadOnlyList<string> paramNames)
    {
        if (Notes is { } n && (n.Epoch < 1 || !double.IsFinite(n.Loss) || n.Weights is null || n.Weights.Count != paramNames.Count || n.Weights.Any(w => !double.IsFinite(w))))
        {
            throw new RequestValidationException("view.notes", $"notes is {{ epoch ≥ 1, loss, weights: {paramNames.Count} finite numbers }}.");
        }
    }

    /// <summary>The domain of weight <paramref name="name"/>, if the request gives one.</summary>
    public (double Min, double Max)? DomainOf(string name) =>
        Domain is not null && Domain.TryGetValue(name, out var r) && r is [var min, var max] ? (min, max) : null;
}

/// <summary>
/// The notes' last printed line: after <c>epoch</c> steps they print the loss computed <em>before</em> the last step,
/// L(θ[epoch − 1]), beside the weights <em>after</em> it, θ[epoch] (lecture 000: 26.42 beside [2.4289, 4.0145]); the
/// page pairs every loss with its own weights, so its L(θ₃₀) = 26.399 differs from the printed 26.42.
/// </summary>
public sealed record NotesLine(int Epoch, double Loss, IReadOnlyList<double> Weights);
