// The decision boundary's colour ramp (the loss map's viridis is in lossMap.ts). Hand-written: a few stops, not worth a colour library.

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
