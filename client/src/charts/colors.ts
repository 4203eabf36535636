// Colour ramps for the heatmaps. Hand-written: a dozen stops, not worth a colour library.

const VIRIDIS = ['#440154', '#482173', '#433e85', '#38588c', '#2d708e', '#25858e', '#1e9b8a', '#2ab07f', '#52c569', '#86d549', '#c2df23', '#fde725'];

/**
 * A loss as a contour-like band: the value is placed on a log scale above the map's minimum (landscapes span
 * orders of magnitude) and snapped to one of twelve colours, so equal-colour regions read as contour bands.
 */
export function lossBandColor(loss: number, min: number, max: number): string {
  if (!Number.isFinite(loss)) return VIRIDIS[VIRIDIS.length - 1];
  const range = Math.max(max - min, 1e-30);
  const floor = range * 1e-4;
  const t = Math.log((loss - min + floor) / floor) / Math.log((range + floor) / floor);
  const band = Math.min(VIRIDIS.length - 1, Math.max(0, Math.floor(t * VIRIDIS.length)));
  return VIRIDIS[band];
}

/** A probability in ten bands from blue (0) through white (0.5) to red (1): the 0.5 edge is the decision boundary. */
export function probabilityColor(p: number): string {
  if (!Number.isFinite(p)) return '#999999';
  const band = Math.min(9, Math.max(0, Math.floor(p * 10)));
  const t = (band + 0.5) / 10;
  const [r, g, b] = t < 0.5 ? mix([47, 111, 222], [255, 255, 255], t * 2) : mix([255, 255, 255], [198, 40, 40], (t - 0.5) * 2);
  return `rgb(${r} ${g} ${b} / 80%)`;
}

function mix(a: number[], b: number[], t: number): number[] {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}
