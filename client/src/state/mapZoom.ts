/** The bounds of `map`'s range scaled by `factor` about its centre on each axis (2: zoomed out, 0.5: in). */
export function zoomedBounds(map: { a: { values: number[] }; b: { values: number[] } | null }, factor: number): { aMin: number; aMax: number; bMin?: number; bMax?: number } {
  const scaled = (values: number[]): [number, number] => {
    const lo = values[0];
    const hi = values[values.length - 1];
    const centre = (lo + hi) / 2;
    const half = ((hi - lo) / 2) * factor;
    return [centre - half, centre + half];
  };
  const [aMin, aMax] = scaled(map.a.values);
  if (!map.b) return { aMin, aMax };
  const [bMin, bMax] = scaled(map.b.values);
  return { aMin, aMax, bMin, bMax };
}
