/**
 * `count` items evenly spaced, the first and the last included (all of them when there are fewer): the fit's
 * lines and points, and a long path on a landscape, are drawn from such a sample.
 */
export function sample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, k) => items[Math.round((k * (items.length - 1)) / Math.max(1, count - 1))]);
}

/** Path points drawn at most; a 10 000-epoch path is thinned evenly (its start and end kept): 1 000 trace it at any card size. */
export const MAX_PATH_POINTS = 1000;

/** At most MAX_PATH_POINTS of a path, evenly, its start and end kept (the run page's and the compare page's). */
export const thin = <T>(points: readonly T[]): T[] => sample(points, MAX_PATH_POINTS);
