namespace GradientWeb.Engine.Analysis;

/// <summary>
/// What a job reports about its starting point, as lecture 000 checks by hand: the gradient by autograd and by
/// central differences, and how large a learning rate plain gradient descent can take here.
/// </summary>
/// <param name="Gradient">∇L(θ₀) by autograd.</param>
/// <param name="NumericGradient">∇L(θ₀) by central differences (float32 loss, step ∛ε·max(1, |θᵢ|)).</param>
/// <param name="MaxRelativeDifference">maxᵢ |gᵢ − g̃ᵢ| / max(|gᵢ|, |g̃ᵢ|, 10⁻³·maxⱼ|gⱼ|).</param>
/// <param name="ClosedForm">(XᵀX)⁻¹Xᵀy for <c>linear</c> with sse/mse, in the order of the weights; null otherwise or when XᵀX is singular.</param>
/// <param name="TopHessianEigenvalue">λmax of the Hessian at θ₀: exact for linear least squares, else estimated.</param>
/// <param name="StableLrBound">2/λmax: plain gradient descent diverges above this learning rate (null when λmax ≤ 0).</param>
/// <param name="BoundIsEstimate">False only for linear least squares, whose Hessian is constant and known exactly.</param>
public sealed record StartDiagnostics(
    float[] Gradient,
    float[] NumericGradient,
    double MaxRelativeDifference,
    double[]? ClosedForm,
    double? TopHessianEigenvalue,
    double? StableLrBound,
    bool BoundIsEstimate)
{
    /// <summary>Exact, estimated, or estimated on a plateau where it means little (see <see cref="Training.BoundKind"/>).</summary>
    public BoundKind Kind { get; init; } = BoundIsEstimate ? BoundKind.Estimated : BoundKind.Exact;

    /// <summary>The job's learning rate α, to judge against <see cref="OptimizerBound"/>.</summary>
    public double Lr { get; init; }

    /// <summary>The stable bound of the job's own optimizer (<see cref="HealthRules.OptimizerBound"/>); null for adaptive ones.</summary>
    public double? OptimizerBound { get; init; }

    /// <summary>How many weights the numeric check covered: the first <see cref="NumericGradient"/>.Length of <see cref="Gradient"/>.</summary>
    public int CheckedWeights { get; init; }

    /// <summary>‖g − g̃‖ / max(‖g‖, ‖g̃‖) over the checked weights only (autograd vs central differences); 0 when both vanish.</summary>
    public double GradientCheckError { get; init; }

    /// <summary>‖∇L(θ₀)‖ over every weight; below <see cref="HealthRules.PlateauGradientNorm"/> the start is a plateau.</summary>
    public double GradientNorm { get; init; }
}
