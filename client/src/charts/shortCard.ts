import type { Chart } from './setup';

/** Below this height (a laptop's short card is about 215 px) a chart keeps its plot before its legend and titles. */
export const SHORT_CHART = 280;

/**
 * A short chart's legend small (one line where it fits; beside the plot when it has more than `besideFrom` entries)
 * and no axis titles; a tall one's as Chart.js draws them, in `font` px. In a laptop's short card a wrapped legend and
 * the axis titles left the data ~60 px of height: a 1→2→1 net's seven weights took four legend lines.
 */
export function fitToHeight(chart: Chart, short: boolean, font = 12, besideFrom = Infinity): void {
  const legend = chart.options.plugins!.legend!;
  const labels = (legend.labels ??= {});
  Object.assign(labels, short ? { boxWidth: 10, boxHeight: 6, padding: 5, font: { size: 10.5 } } : { boxWidth: 40, boxHeight: 12, padding: 10, font: { size: font } });
  legend.position = short && chart.data.datasets.length > besideFrom ? 'right' : 'bottom';
  for (const axis of ['x', 'y'] as const) (chart.options.scales![axis] as { title: { display: boolean } }).title.display = !short;
}
