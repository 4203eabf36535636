import type { Rgba } from './heatmap';

// The decision boundary's colour ramp (the loss map's viridis is in lossMap.ts). Hand-written: a few stops, not worth a colour library.

/** A probability in ten bands from blue (0) through white (0.5) to red (1): the 0.5 edge is the decision boundary. */
export function probabilityColor(p: number): Rgba {
  if (!Number.isFinite(p)) return [0x99, 0x99, 0x99, 255];
  return BANDS[Math.min(9, Math.max(0, Math.floor(p * 10)))];
}

/** The ten bands' colours at 80% opacity, made once. */
const BANDS: Rgba[] = Array.from({ length: 10 }, (_, band) => {
  const t = (band + 0.5) / 10;
  const [r, g, b] = t < 0.5 ? mix([47, 111, 222], [255, 255, 255], t * 2) : mix([255, 255, 255], [198, 40, 40], (t - 0.5) * 2);
  return [r, g, b, Math.round(0.8 * 255)] as const;
});

function mix(a: number[], b: number[], t: number): number[] {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}
