import type { Point } from '../types';

/**
 * A long series cut to what a chart can show: the x range split into `buckets` equal spans, each drawn as its
 * lowest and highest point in x order (a spike or a dip of one epoch stays visible), a non-finite y kept as a gap.
 * The first and last points are always kept. Chart.js builds and redraws an element per point; a 10 000-epoch
 * curve cut to about two points per pixel column costs a frame a few milliseconds instead of a third of a second
 * (measured while a job streamed, with a CPU profile).
 */
export function minMaxDecimate(points: readonly Point[], buckets: number): Point[] {
  const n = points.length;
  if (n <= 2 * buckets + 2) return points.slice();
  const x0 = points[0].x;
  const span = points[n - 1].x - x0 || 1;
  const out: Point[] = [points[0]];
  let bucket = -1;
  let lo: Point | null = null;
  let hi: Point | null = null;
  let gap = false;
  const flush = () => {
    if (lo && hi) {
      if (lo === hi) out.push(lo);
      else if (lo.x < hi.x) out.push(lo, hi);
      else out.push(hi, lo);
    }
    if (gap) out.push({ x: NaN, y: NaN });
    lo = hi = null;
    gap = false;
  };
  for (let i = 1; i < n - 1; i++) {
    const p = points[i];
    const b = Math.min(buckets - 1, Math.floor(((p.x - x0) / span) * buckets));
    if (b !== bucket) {
      flush();
      bucket = b;
    }
    if (!Number.isFinite(p.y)) {
      gap = true;
      continue;
    }
    if (!lo || p.y < lo.y) lo = p;
    if (!hi || p.y > hi.y) hi = p;
  }
  flush();
  out.push(points[n - 1]);
  return out;
}

/** Buckets for a chart `width` CSS pixels wide: one per two pixel columns (at least 100). */
export const bucketsFor = (width: number): number => Math.max(100, Math.ceil(width / 2));
