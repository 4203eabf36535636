using GradientWeb.Engine.Training;

namespace GradientWeb.Engine.Analysis;

/// <summary>What the page should say about a run, most serious first.</summary>
public enum HealthVerdict
{
    /// <summary>No learning-rate bound applies (Adam, RMSprop, …) and the loss did not run away.</summary>
    Unknown,

    /// <summary>α is below the stable bound of this optimizer.</summary>
    Stable,

    /// <summary>α is above the bound: the run will diverge, even if its epochs end before the loss reaches ∞.</summary>
    Unstable,

    /// <summary>The loss grew over the run's last epochs and ends above its lowest value.</summary>
    Diverging,

    /// <summary>The loss became NaN or ±∞.</summary>
    Diverged,
}

/// <summary>How far to trust 2/λmax.</summary>
public enum BoundKind
{
    /// <summary>The Hessian is constant (linear least squares, a quadratic function) and known in closed form.</summary>
    Exact,

    /// <summary>λmax by power iteration on finite-difference Hessian-vector products at θ₀: a local estimate.</summary>
    Estimated,

    /// <summary>θ₀ sits on a plateau (‖∇L‖ ≈ 0, a saturated sigmoid): the curvature there says nothing about the rest of the path.</summary>
    Plateau,
}

/// <summary>
/// A run's health: its verdict, and the learning-rate bound it was judged by. <paramref name="Bound"/> is the bound
/// for the job's own optimizer (plain SGD 2/λ, heavy-ball momentum 2(1+μ)/λ, …); null when none applies.
/// </summary>
public sealed record RunHealth(HealthVerdict Verdict, double Lr, double? Bound, BoundKind? BoundKind, bool AboveBound);

/// <summary>The rules that turn the start's diagnostics and the run's end into a <see cref="RunHealth"/>.</summary>
public static class HealthRules
{
    /// <summary>‖∇L(θ₀)‖ below this is a plateau: float32 differences of the loss there are rounding noise.</summary>
    public const double PlateauGradientNorm = 1e-4;

    public static RunHealth Judge(StartDiagnostics? diagnostics, TrainingOutcome? outcome)
    {
        var bound = diagnostics?.OptimizerBound;
        var kind = diagnostics is null ? (BoundKind?)null : diagnostics.Kind;
        var lr = diagnostics?.Lr ?? 0;

        // A plateau's curvature is not the path's: do not call α unstable (or stable) on it.
        var above = bound is { } b && kind != Analysis.BoundKind.Plateau && lr > b;
        var verdict = outcome switch
        {
            { End: TrainingEnd.Diverged } => HealthVerdict.Diverged,
            { LossGrowing: true } => HealthVerdict.Diverging,
            _ when above => HealthVerdict.Unstable,
            _ when bound is not null && kind != Analysis.BoundKind.Plateau => HealthVerdict.Stable,
            _ => HealthVerdict.Unknown,
        };
        return new RunHealth(verdict, lr, bound, bound is null ? null : kind, above);
    }

    /// <summary>
    /// The largest stable learning rate of the job's optimizer on a quadratic with top curvature λ (plus weight
    /// decay, which adds to every eigenvalue): plain SGD 2/λ; heavy-ball momentum μ with dampening d
    /// 2(1+μ)/((1−d)λ); Nesterov 2(1+μ)/((1+2μ)λ). Adaptive optimizers have no such bound: null.
    /// </summary>
    public static double? OptimizerBound(double? lambda, OptimizerSpec optimizer)
    {
        if (optimizer.Type != "sgd" || lambda is not { } l)
        {
            return null;
        }

        var curvature = l + (optimizer.WeightDecay ?? 0);
        if (!(curvature > 0) || !double.IsFinite(curvature))
        {
            return null;
        }

        var mu = optimizer.Momentum ?? 0;
        if (mu == 0)
        {
            return 2 / curvature;
        }

        if (optimizer.Nesterov == true)
        {
            return 2 * (1 + mu) / ((1 + (2 * mu)) * curvature);
        }

        var keep = 1 - (optimizer.Dampening ?? 0);
        return keep > 0 ? 2 * (1 + mu) / (keep * curvature) : null;
    }
}
