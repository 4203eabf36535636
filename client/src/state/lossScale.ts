// The loss axis's range: decades around every run on a log scale, and a readable span on a flat linear one.

/**
 * A log axis from the decade below the smallest positive loss of all runs to the decade above the largest, so no
 * run is hidden below the axis (lecture 004's runs reach 10⁻³⁰ while α = 4.05 climbs to 10⁴). Null without data.
 */
export function logAxisRange(smallestPositive: number, largest: number): { min: number; max: number } | null {
  if (!(smallestPositive > 0) || !Number.isFinite(smallestPositive) || !(largest >= smallestPositive) || !Number.isFinite(largest)) return null;
  const min = 10 ** Math.floor(Math.log10(smallestPositive));
  const max = 10 ** Math.ceil(Math.log10(largest));
  return { min, max: max > min ? max : min * 10 };
}

/**
 * A linear axis for a loss that barely moves (MSE stuck on a plateau: 0.397477 ± float32 noise) spans ±0.1% of its
 * value, so rounding noise is not drawn as a drop. Null when the loss really moves (the chart fits it itself).
 */
export function flatAxisRange(min: number, max: number): { min: number; max: number } | null {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  const centre = (min + max) / 2;
  const pad = Math.max(Math.abs(centre) * 1e-3, 1e-9);
  return max - min < pad ? { min: centre - pad, max: centre + pad } : null;
}
